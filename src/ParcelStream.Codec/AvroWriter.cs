using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace ParcelStream.Codec;

/// <summary>
/// Writes Avro binary-encoded primitives into an <see cref="IBufferWriter{T}"/>, asking it for memory in chunks
/// rather than per value. Call <see cref="Flush"/> (or <see cref="Dispose"/>) when done, or the last chunk is lost.
/// A buffer writer that hands out spans shorter than a value still works: the value is then copied across spans.
/// </summary>
public ref struct AvroWriter
{
    private const int MaxVarintBytes = 10;
    private const int MinChunk = 256;
    private const int MaxStackString = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;
    private long _committed;

    /// <summary>Initializes a writer that appends to <paramref name="output"/>.</summary>
    /// <param name="output">Where the bytes go.</param>
    public AvroWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _span = default;
        _buffered = 0;
        _committed = 0;
    }

    /// <summary>Gets the number of bytes written so far, flushed or not.</summary>
    public readonly long BytesWritten => _committed + _buffered;

    /// <summary>Writes a zig-zag variable-length long.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLong(long value)
    {
        if (!TryEnsure(MaxVarintBytes))
        {
            WriteLongAcrossSpans(value);
            return;
        }

        _buffered = EncodeVarint(_span, _buffered, value);
    }

    /// <summary>Writes a zig-zag variable-length int.</summary>
    /// <param name="value">The value.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt(int value) => WriteLong(value);

    /// <summary>Writes a boolean.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value)
    {
        if (!TryEnsure(1))
        {
            WriteLittleEndianAcrossSpans(value ? 1UL : 0UL, 1);
            return;
        }

        _span[_buffered++] = value ? (byte)1 : (byte)0;
    }

    /// <summary>Writes a little-endian IEEE 754 single.</summary>
    /// <param name="value">The value.</param>
    public void WriteFloat(float value)
    {
        if (!TryEnsure(sizeof(float)))
        {
            WriteLittleEndianAcrossSpans(BitConverter.SingleToUInt32Bits(value), sizeof(float));
            return;
        }

        BinaryPrimitives.WriteSingleLittleEndian(_span.Slice(_buffered), value);
        _buffered += sizeof(float);
    }

    /// <summary>Writes a little-endian IEEE 754 double.</summary>
    /// <param name="value">The value.</param>
    public void WriteDouble(double value)
    {
        if (!TryEnsure(sizeof(double)))
        {
            WriteLittleEndianAcrossSpans(BitConverter.DoubleToUInt64Bits(value), sizeof(double));
            return;
        }

        BinaryPrimitives.WriteDoubleLittleEndian(_span.Slice(_buffered), value);
        _buffered += sizeof(double);
    }

    /// <summary>Writes a length-prefixed bytes value (also a string already in UTF-8).</summary>
    /// <param name="value">The bytes.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes a string given as UTF-8 bytes.</summary>
    /// <param name="utf8">The UTF-8 bytes of the string.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteString(scoped ReadOnlySpan<byte> utf8) => WriteBytes(utf8);

    /// <summary>Writes a string given as UTF-16, transcoding it to UTF-8 in place.</summary>
    /// <param name="value">The string.</param>
    public void WriteString(scoped ReadOnlySpan<char> value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        WriteLong(length);
        if (!TryEnsure(length))
        {
            WriteStringAcrossSpans(value, length);
            return;
        }

        Encoding.UTF8.GetBytes(value, _span.Slice(_buffered));
        _buffered += length;
    }

    /// <summary>Writes bytes as they are, with no length: a fixed value, a sync marker, a frame header.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteRaw(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length <= _span.Length - _buffered)
        {
            value.CopyTo(_span.Slice(_buffered));
            _buffered += value.Length;
            return;
        }

        WriteRawChunked(value);
    }

    /// <summary>Writes a union branch index.</summary>
    /// <param name="index">The branch.</param>
    public void WriteUnionIndex(int index) => WriteLong(index);

    /// <summary>Writes an enum symbol index.</summary>
    /// <param name="index">The symbol.</param>
    public void WriteEnum(int index) => WriteLong(index);

    /// <summary>Starts an array or map block of <paramref name="count"/> items; after the last block write <see cref="WriteBlockEnd"/>.</summary>
    /// <param name="count">Items in the block; a positive number.</param>
    public void WriteBlockStart(int count) => WriteLong(count);

    /// <summary>Ends an array or map (a block count of zero).</summary>
    public void WriteBlockEnd() => WriteLong(0);

    /// <summary>Hands the buffered bytes to the output.</summary>
    public void Flush()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }

        _span = default;
    }

    /// <summary>Flushes.</summary>
    public void Dispose() => Flush();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeVarint(Span<byte> span, int pos, long value)
    {
        ulong n = (ulong)((value << 1) ^ (value >> 63));
        while (n >= 0x80)
        {
            span[pos++] = (byte)(n | 0x80);
            n >>= 7;
        }

        span[pos++] = (byte)n;
        return pos;
    }

    /// <summary>Makes <paramref name="count"/> contiguous bytes available; false when the output handed out a shorter span.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryEnsure(int count) => _span.Length - _buffered >= count || TryGrow(count);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryGrow(int count)
    {
        Flush();
        _span = _output.GetSpan(Math.Max(count, MinChunk));
        return _span.Length >= count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLongAcrossSpans(long value)
    {
        Span<byte> scratch = stackalloc byte[MaxVarintBytes];
        WriteRawChunked(scratch.Slice(0, EncodeVarint(scratch, 0, value)));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteLittleEndianAcrossSpans(ulong bits, int size)
    {
        Span<byte> scratch = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(scratch, bits);
        WriteRawChunked(scratch.Slice(0, size));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteStringAcrossSpans(scoped ReadOnlySpan<char> value, int length)
    {
        byte[]? rented = null;
        Span<byte> utf8 = length <= MaxStackString ? stackalloc byte[MaxStackString] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            WriteRawChunked(utf8.Slice(0, Encoding.UTF8.GetBytes(value, utf8)));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteRawChunked(scoped ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            if (_span.Length == _buffered)
            {
                Flush();
                _span = _output.GetSpan(MinChunk);
                if (_span.IsEmpty)
                {
                    ThrowHelper.ThrowInvalidOperation("The buffer writer returned an empty span.");
                }
            }

            int n = Math.Min(value.Length, _span.Length - _buffered);
            value.Slice(0, n).CopyTo(_span.Slice(_buffered));
            _buffered += n;
            value = value.Slice(n);
        }
    }
}
