using System.Buffers;
using System.IO.Compression;

namespace ParcelStream.Codec.Container;

/// <summary>Block framing and inflation.</summary>
public sealed partial class AvroContainerReader
{
    private const int MinInflateBytes = 64 * 1024;

    /// <summary>Reads and checks the object count and byte size in front of a block.</summary>
    /// <returns>False when more data is needed, or on error (then <see cref="_error"/> is set).</returns>
    private bool TryReadBlockHeader(in ReadOnlySequence<byte> input, out long count, out long size, out int headLength)
    {
        size = 0;
        headLength = 0;
        scoped ReadOnlySpan<byte> head = input.FirstSpan;
        Span<byte> copy = stackalloc byte[AvroContainerFormat.MaxBlockHeaderLength];
        if (head.Length < AvroContainerFormat.MaxBlockHeaderLength && !input.IsSingleSegment)
        {
            int n = (int)Math.Min(input.Length, AvroContainerFormat.MaxBlockHeaderLength);
            input.Slice(0, n).CopyTo(copy);
            head = copy.Slice(0, n);
        }

        var reader = new AvroReader(head, origin: _position);
        if (!reader.TryReadLong(out count))
        {
            return reader.HasError && Fail(reader.Error, "A block's object count is malformed");
        }

        if (count < 0)
        {
            return Fail(AvroErrorCode.InvalidContainer, _position, $"The block at offset {_position} has a negative object count ({count}).");
        }

        if (count > _options.MaxBlockDatums)
        {
            return Fail(AvroErrorCode.TooManyItems, _position, $"The block at offset {_position} claims {count} objects, over MaxBlockDatums ({_options.MaxBlockDatums}).");
        }

        int sizeAt = reader.Position;
        if (!reader.TryReadLong(out size))
        {
            return reader.HasError && Fail(reader.Error, "A block's byte size is malformed");
        }

        if (size < 0)
        {
            return Fail(AvroErrorCode.InvalidContainer, _position + sizeAt, $"The block at offset {_position} has a negative byte size ({size}).");
        }

        if (size > _options.MaxBlockBytes)
        {
            return Fail(AvroErrorCode.MessageTooLarge, _position + sizeAt, $"The block at offset {_position} claims {size} bytes, over MaxBlockBytes ({_options.MaxBlockBytes}).");
        }

        headLength = reader.Position;
        return true;
    }

    /// <summary>Inflates a deflate block into the pooled buffer, which grows with what actually comes out, never past the limit.</summary>
    private bool TryInflate(in ReadOnlySequence<byte> compressed, long dataOffset, out ReadOnlyMemory<byte> data)
    {
        data = default;
        int max = _options.MaxDecompressedBlockBytes;
        PooledBufferWriter buffer = _scratch ??= new PooledBufferWriter(Math.Min(max, MinInflateBytes));
        buffer.Truncate(0);
        buffer.EnsureCapacity((int)Math.Min(max, Math.Max(compressed.Length * 4, MinInflateBytes)));
        SequenceStream source = _inflateSource ??= new SequenceStream();
        source.Reset(compressed);
        Span<byte> probe = stackalloc byte[1];
        try
        {
            using var deflate = new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true);
            while (true)
            {
                int limit = Math.Min(buffer.Capacity, max);
                if (buffer.WrittenCount == limit)
                {
                    if (limit == max)
                    {
                        // Full at the limit: one more byte means the block inflates beyond it.
                        if (deflate.Read(probe) > 0)
                        {
                            return Fail(AvroErrorCode.MessageTooLarge, dataOffset, $"The block data at offset {dataOffset} inflates beyond MaxDecompressedBlockBytes ({max}).");
                        }

                        break;
                    }

                    buffer.EnsureCapacity((int)Math.Min((long)buffer.Capacity * 2, max));
                    continue;
                }

                int n = deflate.Read(buffer.Array.AsSpan(buffer.WrittenCount, limit - buffer.WrittenCount));
                if (n == 0)
                {
                    break;
                }

                buffer.Advance(n);
            }
        }
        catch (InvalidDataException ex)
        {
            return Fail(AvroErrorCode.InvalidContainer, dataOffset, $"The block data at offset {dataOffset} is not valid deflate data: {ex.Message}");
        }
        finally
        {
            source.Reset(default);
        }

        data = buffer.WrittenMemory;
        return true;
    }
}
