namespace ParcelStream.Codec.Container;

/// <summary>A write-only stream that appends to a <see cref="PooledBufferWriter"/>: where deflate puts a compressed block.</summary>
internal sealed class BufferWriterStream : Stream
{
    private readonly PooledBufferWriter _output;

    /// <summary>Initializes a stream writing to <paramref name="output"/>.</summary>
    /// <param name="output">The buffer.</param>
    public BufferWriterStream(PooledBufferWriter output) => _output = output;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer) => _output.Write(buffer);

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void WriteByte(byte value) => _output.Write([value]);

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
