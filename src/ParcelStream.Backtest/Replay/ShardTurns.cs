namespace ParcelStream.Backtest.Replay;

/// <summary>
/// Gives replay the partitions a worker has: the input's records, numbered in input order (file order, or partition
/// then offset), are dealt to <see cref="Shards"/> shards in ranges of <see cref="RangeRecords"/>, and each shard's
/// records are decided one after the other in input order, whichever thread has their block. The inspection
/// capacity's estimate of the score distribution is per shard (as the worker's is per partition), so the cut-offs, and
/// with them the decisions, are the same for any number of threads and any block layout. A thread waits only for
/// records before its own, which were taken before its block: no deadlock.
/// </summary>
internal sealed class ShardTurns
{
    /// <summary>Shards of a replay: fixed, so that the decisions do not depend on the thread count.</summary>
    public const int Shards = 4;

    /// <summary>Records of one range.</summary>
    public const int RangeRecords = 1024;

    private readonly object _gate = new();
    private readonly long[] _next = [.. Enumerable.Range(0, Shards).Select(s => (long)s * RangeRecords)]; // shard s starts with range s
    private volatile bool _stopped;

    /// <summary>Gets the shard of a record.</summary>
    /// <param name="record">The record's index in the input.</param>
    /// <returns>The shard.</returns>
    public static int ShardOf(long record) => (int)(record / RangeRecords % Shards);

    /// <summary>Gets the end (exclusive) of the range a record is in.</summary>
    /// <param name="record">The record's index.</param>
    /// <returns>The first record of the next range.</returns>
    public static long RangeEnd(long record) => ((record / RangeRecords) + 1) * RangeRecords;

    /// <summary>Waits until every earlier record of the record's shard is decided.</summary>
    /// <param name="record">The first record of a run the caller decides next.</param>
    /// <exception cref="OperationCanceledException">The replay stops.</exception>
    public void Wait(long record)
    {
        int shard = ShardOf(record);
        lock (_gate)
        {
            while (_next[shard] != record)
            {
                if (_stopped)
                {
                    throw new OperationCanceledException("The replay stopped.");
                }

                Monitor.Wait(_gate, 100);
            }
        }
    }

    /// <summary>Marks a run of records of one range decided.</summary>
    /// <param name="from">Its first record.</param>
    /// <param name="to">Its end (exclusive), at most the end of the range.</param>
    public void Release(long from, long to)
    {
        lock (_gate)
        {
            // At the end of a range the shard goes on with its next range, Shards ranges further.
            _next[ShardOf(from)] = to == RangeEnd(from) ? to + ((Shards - 1) * (long)RangeRecords) : to;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops every wait (the replay failed or was cancelled).</summary>
    public void Stop()
    {
        _stopped = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
