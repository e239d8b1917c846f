namespace ParcelStream.Backtest.Replay;

/// <summary>
/// Gives replay the partitions a worker has: block k belongs to shard k mod <see cref="Shards"/>, and a shard's
/// blocks are decided one after the other in file order, whichever thread takes them. The inspection capacity's
/// estimate of the score distribution is per shard (as the worker's is per partition), so the cut-offs, and with them
/// the decisions, are the same for any number of threads. Workers take blocks in file order, so the block a worker
/// waits for was taken before its own and never waits for it: no deadlock.
/// </summary>
internal sealed class ShardTurns
{
    /// <summary>Shards of a replay: fixed, so that the decisions do not depend on the thread count.</summary>
    public const int Shards = 4;

    private readonly object _gate = new();
    private readonly long[] _next = [.. Enumerable.Range(0, Shards).Select(s => (long)s)]; // shard s starts with block s

    /// <summary>Gets the shard of a block.</summary>
    /// <param name="sequence">The block's sequence number.</param>
    /// <returns>The shard.</returns>
    public static int ShardOf(long sequence) => (int)(sequence % Shards);

    /// <summary>Waits until every earlier block of the shard is done.</summary>
    /// <param name="sequence">The block's sequence number.</param>
    /// <param name="token">Stops the wait when the replay stops.</param>
    public void WaitTurn(long sequence, CancellationToken token)
    {
        int shard = ShardOf(sequence);
        lock (_gate)
        {
            while (_next[shard] != sequence)
            {
                token.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 100);
            }
        }
    }

    /// <summary>Marks a block done (also when it failed, so that the replay can stop).</summary>
    /// <param name="sequence">The block's sequence number.</param>
    public void Done(long sequence)
    {
        lock (_gate)
        {
            _next[ShardOf(sequence)] = sequence + Shards;
            Monitor.PulseAll(_gate);
        }
    }
}
