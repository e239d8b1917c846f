namespace ParcelStream.Pipeline.Worker;

/// <summary>What the rest of the process (console, metrics, readiness) may see of the running worker.</summary>
public sealed class WorkerHandle
{
    /// <summary>Gets the worker's counters once it has started, else null.</summary>
    public WorkerCounters? Counters { get; internal set; }

    /// <summary>Gets a function returning the number of assigned partitions, once started.</summary>
    public Func<int>? AssignedPartitions { get; internal set; }

    /// <summary>Gets a value indicating whether the worker stopped on an error (the process should exit non-zero).</summary>
    public bool Failed { get; internal set; }
}
