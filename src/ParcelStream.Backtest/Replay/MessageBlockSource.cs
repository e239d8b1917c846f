namespace ParcelStream.Backtest.Replay;

/// <summary>Reads an <see cref="IReplayMessageSource"/> into blocks of messages, numbering blocks and records as a file's would be.</summary>
internal sealed class MessageBlockSource : IReplayBlockSource
{
    private readonly IReplayMessageSource _source;
    private readonly CancellationToken _cancellationToken;
    private long _blocks;
    private long _records;
    private long _bytes;

    /// <summary>Initializes a source.</summary>
    /// <param name="source">The messages; owned by the caller.</param>
    /// <param name="cancellationToken">Stops waiting for messages.</param>
    public MessageBlockSource(IReplayMessageSource source, CancellationToken cancellationToken)
    {
        _source = source;
        _cancellationToken = cancellationToken;
    }

    /// <inheritdoc/>
    public long ProgressTotal => _source.ExpectedMessages;

    /// <inheritdoc/>
    public long InputBytes => Interlocked.Read(ref _bytes);

    /// <inheritdoc/>
    public bool TryReadBlock(ReplayBlock block)
    {
        block.BeginMessages(_blocks, _records);
        if (!_source.Fill(block.Messages!, _cancellationToken) || block.Messages!.Count == 0)
        {
            return false;
        }

        block.EndMessages();
        _blocks++;
        _records += block.Count;
        Interlocked.Add(ref _bytes, block.Messages.Bytes);
        return true;
    }

    /// <summary>Nothing to release: the message source belongs to the caller.</summary>
    public void Dispose()
    {
    }
}
