namespace ParcelStream.Pipeline.State;

/// <summary>What the stateful stages report to metrics and readiness; safe to read from any thread.</summary>
public sealed class StoreStatistics
{
    private long _restoredRecords;
    private long _restores;
    private long _lastRestoreTicks;
    private int _restoring;

    /// <summary>Gets the store name.</summary>
    public required string StoreName { get; init; }

    /// <summary>Gets the changelog topic.</summary>
    public required string ChangelogTopic { get; init; }

    /// <summary>Gets a function counting the keys over every store partition held.</summary>
    public required Func<long> Keys { get; init; }

    /// <summary>Gets a function counting the store partitions held.</summary>
    public required Func<int> Partitions { get; init; }

    /// <summary>Gets a value indicating whether a restore is running (the worker is then not ready).</summary>
    public bool Restoring => Volatile.Read(ref _restoring) != 0;

    /// <summary>Gets the changelog records applied by every restore so far.</summary>
    public long RestoredRecords => Interlocked.Read(ref _restoredRecords);

    /// <summary>Gets the number of restores (one per assignment that brought store partitions).</summary>
    public long Restores => Interlocked.Read(ref _restores);

    /// <summary>Gets how long the last restore took.</summary>
    public TimeSpan LastRestoreDuration => TimeSpan.FromTicks(Interlocked.Read(ref _lastRestoreTicks));

    internal void OnRestoreStarted() => Volatile.Write(ref _restoring, 1);

    internal void OnRestoreFinished(long records, TimeSpan duration)
    {
        Interlocked.Add(ref _restoredRecords, records);
        Interlocked.Increment(ref _restores);
        Interlocked.Exchange(ref _lastRestoreTicks, duration.Ticks);
        Volatile.Write(ref _restoring, 0);
    }
}
