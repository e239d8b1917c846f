namespace ParcelStream.Backtest.Replay;

/// <summary>What the replay's reader thread reads blocks from: a container file, or a message source in batches.</summary>
internal interface IReplayBlockSource : IDisposable
{
    /// <summary>Gets the size of the input for progress: file bytes, or expected messages (0 when unknown).</summary>
    long ProgressTotal { get; }

    /// <summary>Gets the input's size in bytes for the report: the file's size, or the message bytes read so far.</summary>
    long InputBytes { get; }

    /// <summary>Reads the next block.</summary>
    /// <param name="block">Filled with the next block's data, sequence and record numbers.</param>
    /// <returns>False at the end of the input.</returns>
    bool TryReadBlock(ReplayBlock block);
}
