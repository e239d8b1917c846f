using ParcelStream.Pipeline.State;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// A decision worker as the rest of the process sees it: made by <see cref="DecisionWorkerFactory.Create"/>, which picks
/// its Kafka transport from the options.
/// </summary>
public interface IDecisionWorker : IDisposable
{
    /// <summary>Gets the running totals.</summary>
    WorkerCounters Counters { get; }

    /// <summary>Gets a task that completes when the worker has stopped (faulted if it stopped on an error).</summary>
    Task Completion { get; }

    /// <summary>Gets the split-shipment store's statistics (null when the stateful stages are off or before Start).</summary>
    StoreStatistics? State { get; }

    /// <summary>Gets the partitions currently assigned.</summary>
    int AssignedPartitions { get; }

    /// <summary>Starts the consumer thread and the lanes.</summary>
    void Start();

    /// <summary>Stops consuming, finishes in-flight work, commits, flushes and leaves the group.</summary>
    /// <param name="cancellationToken">Gives up waiting (the worker still stops).</param>
    /// <returns>A task that completes when stopped.</returns>
    Task StopAsync(CancellationToken cancellationToken = default);
}
