using System.Runtime.CompilerServices;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>
/// Walks the datums of one container block: each is found by skipping over it with the writer schema and handed out
/// as a slice of the block data, without a copy. <see cref="MoveNext"/> returns false at the end of the block and
/// also on a corrupt datum: check <see cref="Error"/> after the loop.
/// </summary>
public struct AvroDatumEnumerator
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly AvroSchema _schema;
    private readonly CodecLimits _limits;
    private readonly long _count;
    private readonly long _dataOffset;
    private readonly bool _compressed;
    private long _index;
    private int _position;
    private ReadOnlyMemory<byte> _current;
    private AvroError _error;

    internal AvroDatumEnumerator(in AvroContainerBlock block, AvroSchema schema, CodecLimits limits)
    {
        _data = block.Data;
        _count = block.Count;
        _dataOffset = block.DataOffset;
        _compressed = block.IsCompressed;
        _schema = schema;
        _limits = limits;
        _index = 0;
        _position = 0;
        _current = default;
        _error = default;
    }

    /// <summary>Gets the current datum, a slice of the block data; valid while the block is.</summary>
    public readonly ReadOnlyMemory<byte> Current => _current;

    /// <summary>Gets the number of datums handed out so far.</summary>
    public readonly long Index => _index;

    /// <summary>
    /// Gets why the walk stopped early, or <see cref="AvroError.None"/>. The offset is absolute in the file for an
    /// uncompressed block; for a compressed block it is the file offset of the block's data.
    /// </summary>
    public readonly AvroError Error => _error;

    /// <summary>Returns this enumerator, so that a block can be walked with foreach.</summary>
    /// <returns>This enumerator.</returns>
    public readonly AvroDatumEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next datum.</summary>
    /// <returns>False at the end of the block, or when a datum is corrupt or the count does not match the data (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        if (_index < _count && !_error.IsError)
        {
            ReadOnlySpan<byte> rest = _data.Span.Slice(_position);
            var reader = new AvroReader(rest, _limits.MaxStringBytes, _compressed ? 0 : _dataOffset + _position);
            if (AvroSkipper.TrySkip(ref reader, _schema, 0, _limits.MaxDepth, _limits.MaxCollectionItems))
            {
                _current = _data.Slice(_position, reader.Position);
                _position += reader.Position;
                _index++;
                return true;
            }

            // The block's byte size is known, so a datum that runs off its end is corrupt, not waiting for data.
            return Fail(reader.HasError ? reader.Error : new AvroError(AvroErrorCode.InvalidContainer, _dataOffset + _position));
        }

        return _position != _data.Length && !_error.IsError
            ? Fail(new AvroError(AvroErrorCode.InvalidContainer, _dataOffset + _position)) // bytes left after the last datum
            : false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Fail(AvroError error)
    {
        // Positions inside inflated data mean nothing in the file: point at the compressed block instead.
        _error = _compressed ? error with { Offset = _dataOffset } : error;
        _current = default;
        return false;
    }
}
