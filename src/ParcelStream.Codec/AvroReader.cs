using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace ParcelStream.Codec;

/// <summary>
/// Reads Avro binary-encoded primitives from a span, without allocating.
/// </summary>
/// <remarks>
/// Every <c>TryRead</c> method returns <see langword="true"/> and advances when the value was read. It returns
/// <see langword="false"/> and leaves the reader where it was when the value is not complete in the span
/// (more data is needed) or when the bytes are corrupt; in the second case <see cref="Error"/> is set with the
/// reason and the absolute offset of the bad value, and stays set. Nothing here throws.
/// </remarks>
public ref struct AvroReader
{
    private const int MaxVarintBytes = 10;
    private const int MaxVarint32Bytes = 5;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly long _origin;
    private readonly int _maxStringBytes;
    private int _position;
    private AvroError _error;

    /// <summary>Initializes a reader over <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The encoded bytes.</param>
    /// <param name="maxStringBytes">The largest string or bytes length accepted; longer ones are an error.</param>
    /// <param name="origin">Absolute offset of <paramref name="buffer"/>[0] in the whole input, used in error offsets.</param>
    public AvroReader(ReadOnlySpan<byte> buffer, int maxStringBytes = int.MaxValue, long origin = 0)
    {
        _buffer = buffer;
        _maxStringBytes = maxStringBytes;
        _origin = origin;
        _position = 0;
        _error = default;
    }

    /// <summary>Gets the number of bytes consumed so far.</summary>
    public readonly int Position => _position;

    /// <summary>Gets the number of bytes not yet consumed.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Gets the bytes not yet consumed.</summary>
    public readonly ReadOnlySpan<byte> UnreadSpan => _buffer.Slice(_position);

    /// <summary>Gets the whole input span.</summary>
    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Gets the first error found, or <see cref="AvroError.None"/>.</summary>
    public readonly AvroError Error => _error;

    /// <summary>Gets a value indicating whether corrupt input was found.</summary>
    public readonly bool HasError => _error.Code != AvroErrorCode.None;

    /// <summary>Gets the absolute offset of the next unread byte.</summary>
    public readonly long AbsolutePosition => _origin + _position;

    /// <summary>Gets the largest string or bytes length accepted.</summary>
    internal readonly int MaxStringBytes => _maxStringBytes;

    /// <summary>
    /// Moves to <paramref name="position"/>, for a caller that has read the values up to it from <see cref="Buffer"/>
    /// itself, exactly as the TryRead methods would have (see ExactSchemaAction).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void MoveTo(int position)
    {
        Debug.Assert((uint)position <= (uint)_buffer.Length);
        _position = position;
    }

    /// <summary>Reads a zig-zag variable-length long.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>False when more data is needed or the varint is longer than 10 bytes (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadLong(out long value)
    {
        ReadOnlySpan<byte> span = _buffer;
        int pos = _position;
        if ((uint)pos < (uint)span.Length)
        {
            uint b = span[pos];
            if (b < 0x80)
            {
                _position = pos + 1;
                value = (long)(b >> 1) ^ -(long)(b & 1);
                return true;
            }
        }

        return TryReadLongMultiByte(out value);
    }

    /// <summary>Reads a zig-zag variable-length int.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>False when more data is needed, or on a varint over 5 bytes or a value over 32 bits (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadInt(out int value)
    {
        ReadOnlySpan<byte> span = _buffer;
        int pos = _position;
        if ((uint)pos < (uint)span.Length)
        {
            uint b = span[pos];
            if (b < 0x80)
            {
                _position = pos + 1;
                value = (int)(b >> 1) ^ -(int)(b & 1);
                return true;
            }
        }

        return TryReadIntMultiByte(out value);
    }

    /// <summary>Reads a boolean (one byte, 0 or 1).</summary>
    /// <param name="value">The value read.</param>
    /// <returns>False when more data is needed or the byte is neither 0 nor 1 (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadBoolean(out bool value)
    {
        int pos = _position;
        if ((uint)pos >= (uint)_buffer.Length)
        {
            value = false;
            return false;
        }

        byte b = _buffer[pos];
        if (b > 1)
        {
            value = false;
            return Fail(AvroErrorCode.InvalidBoolean, pos);
        }

        _position = pos + 1;
        value = b != 0;
        return true;
    }

    /// <summary>Reads a little-endian IEEE 754 single.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>False when fewer than 4 bytes remain.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadFloat(out float value)
    {
        if (BinaryPrimitives.TryReadSingleLittleEndian(_buffer.Slice(_position), out value))
        {
            _position += sizeof(float);
            return true;
        }

        return false;
    }

    /// <summary>Reads a little-endian IEEE 754 double.</summary>
    /// <param name="value">The value read.</param>
    /// <returns>False when fewer than 8 bytes remain.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadDouble(out double value)
    {
        if (BinaryPrimitives.TryReadDoubleLittleEndian(_buffer.Slice(_position), out value))
        {
            _position += sizeof(double);
            return true;
        }

        return false;
    }

    /// <summary>Reads a length-prefixed bytes value as a slice of the input.</summary>
    /// <param name="value">The bytes, a slice of the input.</param>
    /// <returns>False when more data is needed, or the length is negative or over the limit (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadBytes(out ReadOnlySpan<byte> value)
    {
        if (TryReadRange(out int offset, out int length))
        {
            value = _buffer.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Reads a UTF-8 string as a slice of the input.</summary>
    /// <param name="value">The UTF-8 bytes, a slice of the input.</param>
    /// <returns>False when more data is needed, or the length is bad or the bytes are not UTF-8 (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        if (TryReadStringRange(out int offset, out int length))
        {
            value = _buffer.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Reads a UTF-8 string and returns where it lies in the input rather than the bytes.</summary>
    /// <param name="offset">Offset of the first byte of the string within the span this reader was created over.</param>
    /// <param name="length">Length of the string in bytes.</param>
    /// <returns>False when more data is needed, or the length is bad or the bytes are not UTF-8 (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadStringRange(out int offset, out int length)
    {
        int start = _position;
        if (!TryReadRange(out offset, out length))
        {
            return false;
        }

        if (!IsValidUtf8(_buffer.Slice(offset, length)))
        {
            _position = start;
            return Fail(AvroErrorCode.InvalidUtf8, offset);
        }

        return true;
    }

    /// <summary>Reads a fixed-size value as a slice of the input.</summary>
    /// <param name="size">The size declared by the schema.</param>
    /// <param name="value">The bytes.</param>
    /// <returns>False when fewer than <paramref name="size"/> bytes remain.</returns>
    public bool TryReadFixed(int size, out ReadOnlySpan<byte> value)
    {
        if (_buffer.Length - _position < size)
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, size);
        _position += size;
        return true;
    }

    /// <summary>Reads a union branch index and checks it against the number of branches.</summary>
    /// <param name="branchCount">Number of branches of the union.</param>
    /// <param name="index">The branch index.</param>
    /// <returns>False when more data is needed or the index is out of range (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadUnionIndex(int branchCount, out int index) => TryReadIndex(branchCount, AvroErrorCode.InvalidUnionIndex, out index);

    /// <summary>Reads an enum symbol index and checks it against the number of symbols.</summary>
    /// <param name="symbolCount">Number of symbols of the enum.</param>
    /// <param name="index">The symbol index.</param>
    /// <returns>False when more data is needed or the index is out of range (then <see cref="Error"/> is set).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadEnum(int symbolCount, out int index) => TryReadIndex(symbolCount, AvroErrorCode.InvalidEnumIndex, out index);

    /// <summary>Reads the item count that starts an array or map block; a negative count's byte size is read too.</summary>
    /// <param name="count">Number of items in the block (0 ends the array or map).</param>
    /// <param name="byteSize">Size in bytes of the block when the writer gave it, else -1.</param>
    /// <returns>False when more data is needed or the byte size is negative (then <see cref="Error"/> is set).</returns>
    public bool TryReadBlockHeader(out long count, out long byteSize)
    {
        int start = _position;
        byteSize = -1;
        if (!TryReadLong(out count))
        {
            return false;
        }

        if (count < 0)
        {
            if (count == long.MinValue)
            {
                _position = start;
                return Fail(AvroErrorCode.TooManyItems, start);
            }

            count = -count;
            int sizeAt = _position;
            if (!TryReadLong(out byteSize))
            {
                _position = start;
                return false;
            }

            if (byteSize < 0)
            {
                _position = start;
                return Fail(AvroErrorCode.NegativeLength, sizeAt);
            }
        }

        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    /// <param name="count">Bytes to skip; must not be negative.</param>
    /// <returns>False when fewer bytes remain.</returns>
    public bool TrySkip(long count)
    {
        if ((ulong)count > (ulong)(_buffer.Length - _position))
        {
            return false;
        }

        _position += (int)count;
        return true;
    }

    /// <summary>Records a corruption error found by a caller that interprets the values (e.g. a count over a limit).</summary>
    /// <param name="code">The reason.</param>
    /// <param name="position">Position within this reader's span where the bad value starts.</param>
    /// <returns>Always false, so that callers can <c>return reader.Fail(...)</c>.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool Fail(AvroErrorCode code, int position)
    {
        if (_error.Code == AvroErrorCode.None)
        {
            _error = new AvroError(code, _origin + position);
        }

        return false;
    }

    /// <summary>Moves the reader back to a position it was at before, e.g. to undo a partial read.</summary>
    /// <param name="position">A position previously returned by <see cref="Position"/>.</param>
    public void Rewind(int position)
    {
        if ((uint)position > (uint)_position)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(position));
        }

        _position = position;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadRange(out int offset, out int length)
    {
        int start = _position;
        if (!TryReadLong(out long len))
        {
            offset = length = 0;
            return false;
        }

        if ((ulong)len > (ulong)(_buffer.Length - _position) || len > _maxStringBytes)
        {
            offset = length = 0;
            return BadLength(start, len);
        }

        offset = _position;
        length = (int)len;
        _position += length;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool BadLength(int start, long len)
    {
        _position = start;
        if (len < 0)
        {
            return Fail(AvroErrorCode.NegativeLength, start);
        }

        if (len > _maxStringBytes)
        {
            return Fail(AvroErrorCode.StringTooLong, start);
        }

        return false; // the length is fine, the bytes have not all arrived yet
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryReadIndex(int count, AvroErrorCode code, out int index)
    {
        int start = _position;
        if (!TryReadLong(out long value))
        {
            index = 0;
            return false;
        }

        if ((ulong)value >= (ulong)count)
        {
            _position = start;
            index = 0;
            return Fail(code, start);
        }

        index = (int)value;
        return true;
    }

    /// <summary>Checks UTF-8 with an inline ASCII test first: manifest strings are short and nearly always ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsValidUtf8(ReadOnlySpan<byte> value)
    {
        ref byte start = ref MemoryMarshal.GetReference(value);
        int length = value.Length;
        ulong high = 0;
        int i = 0;
        for (; i + sizeof(ulong) <= length; i += sizeof(ulong))
        {
            high |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
        }

        for (; i < length; i++)
        {
            high |= Unsafe.Add(ref start, i);
        }

        return (high & 0x8080808080808080UL) == 0 || Utf8.IsValid(value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReadLongMultiByte(out long value)
    {
        ReadOnlySpan<byte> span = _buffer;
        int pos = _position;
        ulong result = 0;
        int shift = 0;
        for (int i = 0; i < MaxVarintBytes; i++)
        {
            if ((uint)(pos + i) >= (uint)span.Length)
            {
                value = 0;
                return false;
            }

            uint b = span[pos + i];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                _position = pos + i + 1;
                value = (long)(result >> 1) ^ -(long)(result & 1);
                return true;
            }

            shift += 7;
        }

        value = 0;
        return Fail(AvroErrorCode.VarintTooLong, pos);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryReadIntMultiByte(out int value)
    {
        ReadOnlySpan<byte> span = _buffer;
        int pos = _position;
        ulong result = 0;
        int shift = 0;
        for (int i = 0; i < MaxVarint32Bytes; i++)
        {
            if ((uint)(pos + i) >= (uint)span.Length)
            {
                value = 0;
                return false;
            }

            uint b = span[pos + i];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (result > uint.MaxValue)
                {
                    value = 0;
                    return Fail(AvroErrorCode.IntOverflow, pos);
                }

                _position = pos + i + 1;
                uint r = (uint)result;
                value = (int)(r >> 1) ^ -(int)(r & 1);
                return true;
            }

            shift += 7;
        }

        value = 0;
        return Fail(AvroErrorCode.VarintTooLong, pos);
    }
}
