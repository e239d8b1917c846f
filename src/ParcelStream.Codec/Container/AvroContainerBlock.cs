using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>
/// One block of an object container file, its data inflated when the file is compressed. The data is valid until the
/// next <see cref="AvroContainerReader.TryReadBlock"/> call, and, for an uncompressed block that lay in one segment,
/// only while the caller keeps the input memory (e.g. before <c>PipeReader.AdvanceTo</c>).
/// </summary>
public readonly struct AvroContainerBlock
{
    private readonly AvroSchema? _schema;
    private readonly CodecLimits? _limits;

    internal AvroContainerBlock(ReadOnlyMemory<byte> data, long count, long offset, long dataOffset, bool compressed, AvroSchema schema, CodecLimits limits)
    {
        Data = data;
        Count = count;
        Offset = offset;
        DataOffset = dataOffset;
        IsCompressed = compressed;
        _schema = schema;
        _limits = limits;
    }

    /// <summary>Gets the block data: the datums one after another, inflated.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the number of datums the block holds.</summary>
    public long Count { get; }

    /// <summary>Gets the absolute file offset of the block (its object count).</summary>
    public long Offset { get; }

    /// <summary>Gets the absolute file offset of the block data as stored.</summary>
    public long DataOffset { get; }

    /// <summary>Gets a value indicating whether the data was inflated.</summary>
    public bool IsCompressed { get; }

    /// <summary>Gets an enumerator of the datums; check its <see cref="AvroDatumEnumerator.Error"/> after the loop.</summary>
    /// <returns>The enumerator.</returns>
    /// <exception cref="InvalidOperationException">The block is default (not from a reader).</exception>
    public AvroDatumEnumerator GetEnumerator()
    {
        if (_schema is null || _limits is null)
        {
            ThrowHelper.ThrowInvalidOperation("This block was not read by an AvroContainerReader.");
        }

        return new AvroDatumEnumerator(this, _schema, _limits);
    }
}
