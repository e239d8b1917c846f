using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// Reads an object container file block by block without inflating or walking the blocks, so that the expensive part
/// (inflating, decoding, evaluating) can run on other threads: the header through <see cref="AvroContainerReader"/>,
/// then each block's count, size, stored bytes and sync marker. Not thread-safe.
/// </summary>
internal sealed class ContainerBlockSource : IReplayBlockSource
{
    private const int SyncLength = 16;
    private const int MaxBlockHeaderLength = 20;
    private const int FirstBuffer = 256 * 1024;

    private readonly Stream _stream;
    private readonly AvroContainerReaderOptions _options;
    private readonly byte[] _sync = new byte[SyncLength];
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private long _position;
    private long _records;
    private long _blocks;

    private ContainerBlockSource(Stream stream, AvroContainerReaderOptions options)
    {
        _stream = stream;
        _options = options;
        _buffer = ArrayPool<byte>.Shared.Rent(FirstBuffer);
        Schema = null!;
    }

    /// <summary>Gets the writer schema.</summary>
    public AvroSchema Schema { get; private set; }

    /// <summary>Gets the block codec.</summary>
    public AvroContainerCodec Codec { get; private set; }

    /// <inheritdoc/>
    public long ProgressTotal => InputBytes;

    /// <inheritdoc/>
    public long InputBytes { get; private set; }

    /// <summary>Gets the absolute offset of the next block.</summary>
    public long Position => _position;

    /// <summary>Gets the number of records (datums) in the blocks read so far.</summary>
    public long Records => _records;

    /// <summary>Gets the number of blocks read so far.</summary>
    public long Blocks => _blocks;

    /// <summary>Opens a container file from a stream and reads its header.</summary>
    /// <param name="stream">The stream, at the first byte of the file; disposed with this source.</param>
    /// <param name="options">Limits.</param>
    /// <returns>The source, positioned at the first block.</returns>
    /// <exception cref="AvroContainerException">The header is corrupt, over a limit or cut short.</exception>
    public static ContainerBlockSource Open(Stream stream, AvroContainerReaderOptions options)
    {
        var source = new ContainerBlockSource(stream, options);
        try
        {
            source.InputBytes = stream.CanSeek ? stream.Length : 0;
            source.ReadHeader();
            return source;
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next block's stored bytes into <paramref name="block"/>.</summary>
    /// <param name="block">Filled with the block's position, record numbers and stored (possibly compressed) bytes.</param>
    /// <returns>False at the clean end of the file.</returns>
    /// <exception cref="AvroContainerException">The block is corrupt, over a limit, or the file ends inside it.</exception>
    public bool TryReadBlock(ReplayBlock block)
    {
        if (!Buffer(MaxBlockHeaderLength) && _end == _start)
        {
            return false;
        }

        var reader = new AvroReader(_buffer.AsSpan(_start, _end - _start), int.MaxValue, _position);
        long size = 0;
        if (!reader.TryReadLong(out long count) || !reader.TryReadLong(out size))
        {
            ThrowCorrupt(reader.HasError ? reader.Error : new AvroError(AvroErrorCode.Truncated, _position), "the block header is malformed or cut short");
        }

        if (count < 0 || size < 0)
        {
            ThrowCorrupt(new AvroError(AvroErrorCode.InvalidContainer, _position), "the block has a negative count or size");
        }

        if (count > _options.MaxBlockDatums || size > _options.MaxBlockBytes)
        {
            ThrowCorrupt(new AvroError(AvroErrorCode.MessageTooLarge, _position), $"the block claims {count} records in {size} bytes, over the limits");
        }

        int head = reader.Position;
        int total = checked(head + (int)size + SyncLength);
        if (!Buffer(total))
        {
            ThrowCorrupt(new AvroError(AvroErrorCode.Truncated, _position), "the file ends inside the block");
        }

        ReadOnlySpan<byte> sync = _buffer.AsSpan(_start + head + (int)size, SyncLength);
        if (!sync.SequenceEqual(_sync))
        {
            ThrowCorrupt(new AvroError(AvroErrorCode.InvalidContainer, _position + head + size), "the sync marker after the block does not match the header's");
        }

        block.SetStored(_buffer.AsSpan(_start + head, (int)size), (int)count, _blocks, _records, _position, _position + head);
        _start += total;
        _position += total;
        _records += count;
        _blocks++;
        return true;
    }

    /// <summary>Returns the buffer and closes the stream.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _stream.Dispose();
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCorrupt(AvroError error, string what) =>
        throw new AvroContainerException(error, $"Block {_blocks} at offset {_position}: {what} ({error}).");

    private void ReadHeader()
    {
        using var reader = new AvroContainerReader(_options);
        while (true)
        {
            var input = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
            if (reader.TryReadHeader(ref input, out AvroError error))
            {
                int length = (int)(_end - _start - input.Length);
                _start += length;
                _position = length;
                reader.SyncMarker.CopyTo(_sync);
                Schema = reader.Schema;
                Codec = reader.Codec;
                return;
            }

            if (error.IsError)
            {
                throw new AvroContainerException(error, reader.ErrorMessage ?? error.ToString());
            }

            if (!Buffer(_end - _start + 1))
            {
                throw new AvroContainerException(new AvroError(AvroErrorCode.Truncated, 0), $"The file ends inside its header ({_end} bytes).");
            }
        }
    }

    /// <summary>Makes at least <paramref name="needed"/> bytes available from <see cref="_start"/>.</summary>
    /// <returns>False when the stream ends first (what there is stays buffered).</returns>
    private bool Buffer(int needed)
    {
        while (_end - _start < needed)
        {
            if (_endOfStream)
            {
                return false;
            }

            if (_buffer.Length - _start < needed)
            {
                // Not enough room after _start: move the unread bytes to the front, into a larger array when needed.
                byte[] target = _buffer.Length >= needed ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
                _buffer.AsSpan(_start, _end - _start).CopyTo(target);
                if (!ReferenceEquals(target, _buffer))
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = target;
                }

                _end -= _start;
                _start = 0;
            }

            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _endOfStream = true;
                return false;
            }

            _end += n;
        }

        return true;
    }
}
