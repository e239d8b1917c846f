using System.Buffers;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out spans of 1 to 7 bytes whatever is asked for, pre-filled with
/// 0xCC so that a byte counted but never written shows; for testing writers at chunk boundaries.
/// </summary>
internal sealed class TinySpanBufferWriter(int seed) : IBufferWriter<byte>
{
    private readonly Random _random = new(seed);
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    /// <summary>Gets the bytes advanced over so far.</summary>
    public byte[] WrittenBytes => [.. _written];

    /// <summary>Gets how many spans were handed out.</summary>
    public int SpanCount { get; private set; }

    public void Advance(int count)
    {
        if ((uint)count > (uint)_current.Length)
        {
            throw new InvalidOperationException($"Advance({count}) past a span of {_current.Length}.");
        }

        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        _current = new byte[_random.Next(1, 8)];
        _current.AsSpan().Fill(0xCC);
        SpanCount++;
        return _current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
