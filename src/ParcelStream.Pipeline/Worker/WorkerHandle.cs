using ParcelStream.Pipeline.State;

namespace ParcelStream.Pipeline.Worker;

/// <summary>What the rest of the process (console, metrics, readiness) may see of the running worker.</summary>
public sealed class WorkerHandle
{
    /// <summary>Gets the worker's counters once it has started, else null.</summary>
    public WorkerCounters? Counters { get; internal set; }

    /// <summary>Gets a function returning the number of assigned partitions, once started.</summary>
    public Func<int>? AssignedPartitions { get; internal set; }

    /// <summary>Gets the state store statistics once started with the stateful stages on, else null.</summary>
    public Func<StoreStatistics?>? State { get; internal set; }

    /// <summary>
    /// Gets why the worker cannot run as configured (e.g. internal topics missing or not co-partitioned), for readiness
    /// and the exit message; null when nothing is wrong.
    /// </summary>
    public string? Problem { get; internal set; }

    /// <summary>Gets a value indicating whether the worker stopped on an error (the process should exit non-zero).</summary>
    public bool Failed { get; internal set; }

    /// <summary>Gets what stopped the worker when <see cref="Failed"/>: the error's message, for the one line the process prints as it exits.</summary>
    public string? FailureReason { get; internal set; }

    /// <summary>Gets a handle on a worker run outside the generic host (e.g. <c>parcelstream dev</c>, tests).</summary>
    /// <param name="worker">The worker.</param>
    /// <returns>A handle that follows the worker; <see cref="Failed"/> once it stopped on an error.</returns>
    public static WorkerHandle Of(IDecisionWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var handle = new WorkerHandle { Counters = worker.Counters, AssignedPartitions = () => worker.AssignedPartitions, State = () => worker.State };
        worker.Completion.ContinueWith(
            static (t, state) =>
            {
                var h = (WorkerHandle)state!;
                h.FailureReason = t.Exception?.InnerException?.Message;
                h.Failed = t.IsFaulted;
            },
            handle,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return handle;
    }
}
