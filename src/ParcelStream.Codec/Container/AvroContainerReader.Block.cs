using System.Buffers;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>Block framing.</summary>
public sealed partial class AvroContainerReader
{
    /// <summary>Checks a whole block is there: its header, its data and a sync marker that matches the header's.</summary>
    /// <returns>False when more data is needed, or on error (then <see cref="_error"/> is set).</returns>
    private bool TryFrameBlock(in ReadOnlySequence<byte> input, out long count, out int headLength, out long size)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        count = size = headLength = 0;
        _ = _schema ?? ThrowNoHeader<AvroSchema>();
        if (_error.IsError || !TryReadBlockHeader(input, out count, out size, out headLength))
        {
            return false;
        }

        long syncAt = headLength + size;
        if (input.Length < syncAt + AvroContainerFormat.SyncLength)
        {
            return false;
        }

        return SyncMatches(input.Slice(syncAt, AvroContainerFormat.SyncLength))
            || Fail(AvroErrorCode.InvalidContainer, _position + syncAt, $"The sync marker after the block at offset {_position} does not match the header's.");
    }

    /// <summary>Moves past a block and its sync marker.</summary>
    private void Consume(ref ReadOnlySequence<byte> input, long blockLength)
    {
        long total = blockLength + AvroContainerFormat.SyncLength;
        input = input.Slice(total);
        _position += total;
        _blocksRead++;
    }

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
}
