using System.Buffers;
using System.Runtime.CompilerServices;

namespace ParcelStream.Codec.Container;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/> and reused block after block.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    /// <summary>Initializes a buffer with at least <paramref name="capacity"/> bytes.</summary>
    /// <param name="capacity">Initial capacity.</param>
    public PooledBufferWriter(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));

    /// <summary>Gets the bytes written, the reserved prefix included.</summary>
    public int WrittenCount => _written;

    /// <summary>Gets the current capacity.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Gets the underlying array; replaced when the buffer grows.</summary>
    public byte[] Array => _buffer;

    /// <summary>Gets the bytes written.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => new(_buffer, 0, _written);

    /// <summary>Gets the bytes written.</summary>
    public ReadOnlySpan<byte> WrittenSpan => new(_buffer, 0, _written);

    /// <summary>Forgets what was written, keeping the first <paramref name="length"/> bytes (a reserved prefix, or a datum cut short).</summary>
    /// <param name="length">Bytes to keep.</param>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)_buffer.Length)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(length));
        }

        _written = length;
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(count));
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends <paramref name="value"/>.</summary>
    /// <param name="value">The bytes.</param>
    public void Write(ReadOnlySpan<byte> value)
    {
        EnsureFree(value.Length);
        value.CopyTo(_buffer.AsSpan(_written));
        _written += value.Length;
    }

    /// <summary>Grows to at least <paramref name="capacity"/> bytes, keeping what was written; never beyond what is asked for doubled.</summary>
    /// <param name="capacity">The capacity needed.</param>
    public void EnsureCapacity(int capacity)
    {
        if (capacity > _buffer.Length)
        {
            Resize(capacity);
        }
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureFree(int sizeHint)
    {
        if (sizeHint < 1)
        {
            sizeHint = 1;
        }

        if (_buffer.Length - _written < sizeHint)
        {
            Grow(sizeHint);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int sizeHint)
    {
        long needed = (long)_written + sizeHint;
        if (needed > System.Array.MaxLength)
        {
            ThrowHelper.ThrowInvalidOperation("A container block buffer cannot grow beyond the largest array.");
        }

        Resize((int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), System.Array.MaxLength));
    }

    private void Resize(int capacity)
    {
        byte[] old = _buffer;
        byte[] grown = ArrayPool<byte>.Shared.Rent(capacity);
        old.AsSpan(0, _written).CopyTo(grown);
        _buffer = grown;
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }
}
