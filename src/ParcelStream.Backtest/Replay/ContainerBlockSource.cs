using ParcelStream.Codec.Container;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// Reads an object container file block by block through Codec's <see cref="AvroContainerFile"/>, without inflating
/// or walking the blocks, so that the expensive part (inflating, decoding, evaluating) can run on other threads. Not
/// thread-safe.
/// </summary>
internal sealed class ContainerBlockSource : IReplayBlockSource
{
    private readonly AvroContainerFile _file;
    private long _records;
    private long _blocks;

    private ContainerBlockSource(AvroContainerFile file, long inputBytes)
    {
        _file = file;
        InputBytes = inputBytes;
    }

    /// <summary>Gets the writer schema.</summary>
    public AvroSchema Schema => _file.Schema;

    /// <summary>Gets the block codec.</summary>
    public AvroContainerCodec Codec => _file.Codec;

    /// <inheritdoc/>
    public long ProgressTotal => InputBytes;

    /// <inheritdoc/>
    public long InputBytes { get; }

    /// <summary>Opens a container file from a stream and reads its header.</summary>
    /// <param name="stream">The stream, at the first byte of the file; disposed with this source.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The source, positioned at the first block.</returns>
    /// <exception cref="AvroContainerException">The header is corrupt, over a limit or cut short.</exception>
    public static ContainerBlockSource Open(Stream stream, AvroContainerReaderOptions options)
    {
        long inputBytes = stream.CanSeek ? stream.Length : 0;
        return new ContainerBlockSource(AvroContainerFile.Open(stream, options), inputBytes);
    }

    /// <summary>Reads the next block's stored bytes into <paramref name="block"/>.</summary>
    /// <param name="block">Filled with the block's position, record numbers and stored (possibly compressed) bytes.</param>
    /// <returns>False at the clean end of the file.</returns>
    /// <exception cref="AvroContainerException">The block is corrupt, over a limit, or the file ends inside it.</exception>
    public bool TryReadBlock(ReplayBlock block)
    {
        if (!_file.TryReadStoredBlock(out AvroStoredBlock stored))
        {
            return _file.Error.IsError
                ? throw new AvroContainerException(_file.Error, $"Block {_blocks}: {_file.ErrorMessage}")
                : false;
        }

        block.SetStored(stored.Data.Span, (int)stored.Count, _blocks, _records, stored.Offset, stored.DataOffset);
        _records += stored.Count;
        _blocks++;
        return true;
    }

    /// <summary>Returns the buffer and closes the stream.</summary>
    public void Dispose() => _file.Dispose();
}
