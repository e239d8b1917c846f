using System.Buffers;

namespace ParcelStream.Codec.Container;

/// <summary>A read-only stream over a <see cref="ReadOnlySequence{T}"/>, reset per block, so deflate reads segments without a copy.</summary>
internal sealed class SequenceStream : Stream
{
    private ReadOnlySequence<byte> _remaining;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Points the stream at new data.</summary>
    /// <param name="data">The bytes to read next.</param>
    public void Reset(ReadOnlySequence<byte> data) => _remaining = data;

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, _remaining.Length);
        _remaining.Slice(0, n).CopyTo(buffer);
        _remaining = _remaining.Slice(n);
        return n;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int ReadByte()
    {
        if (_remaining.IsEmpty)
        {
            return -1;
        }

        byte b = _remaining.FirstSpan[0];
        _remaining = _remaining.Slice(1);
        return b;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Forgets the data; the caller's memory is not held after the block.</summary>
    /// <param name="disposing">Whether called from Dispose.</param>
    protected override void Dispose(bool disposing)
    {
        _remaining = default;
        base.Dispose(disposing);
    }
}
