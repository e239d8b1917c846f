using System.Buffers;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// The headers of one outgoing record, laid out in a reused buffer: each name null-terminated (librdkafka wants it so),
/// then its value. The worker's own headers are added first and always fit; a consumed record's headers follow within
/// a budget, and those beyond it are counted (<see cref="DeadLetterHeaders.HeadersDropped"/>) instead of silently cut.
/// </summary>
internal sealed class RecordHeaders
{
    /// <summary>
    /// The most headers one record carries: the native produce call lays its arguments out on the stack
    /// (<see cref="HeaderRef.MaxHeaders"/>), and a record with thousands of empty headers must not cost thousands of
    /// steps per copy.
    /// </summary>
    public const int MaxHeaders = HeaderRef.MaxHeaders;

    /// <summary>
    /// The most bytes of a consumed record's headers copied into a dead-letter or repartition record: tracing and
    /// routing headers are a few hundred bytes, and this bound keeps the layout buffer from growing with what a
    /// hostile record carries.
    /// </summary>
    public const int MaxOriginalHeaderBytes = 64 * 1024;

    /// <summary>What one header adds to a record besides its name and value: two varint lengths (librdkafka's size check counts them).</summary>
    public const int HeaderOverheadBytes = 10;

    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly (int Name, int NameLength, int Value, int Length)[] _at = new (int, int, int, int)[MaxHeaders];

    /// <summary>Gets the number of headers laid out.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the serialized size of the headers laid out, as librdkafka counts it against message.max.bytes (an upper bound).</summary>
    public int SerializedBytes { get; private set; }

    /// <summary>Gets the buffer the headers are laid out in, to pin for a produce call.</summary>
    public ReadOnlySpan<byte> Buffer => _scratch.WrittenSpan;

    public void Clear()
    {
        _scratch.ResetWrittenCount();
        Count = 0;
        SerializedBytes = 0;
    }

    /// <summary>Adds one header; the caller keeps within <see cref="MaxHeaders"/>.</summary>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        int at = _scratch.WrittenCount;
        _scratch.Write(name);
        _scratch.Write("\0"u8);
        int valueAt = _scratch.WrittenCount;
        _scratch.Write(value);
        _at[Count++] = (at, name.Length, valueAt, value.Length);
        SerializedBytes += name.Length + value.Length + HeaderOverheadBytes;
    }

    /// <summary>
    /// How many of <paramref name="slot"/>'s headers, taken in order, fit in <paramref name="maxCount"/> headers and
    /// <paramref name="maxBytes"/> bytes (also capped at <see cref="MaxOriginalHeaderBytes"/>).
    /// </summary>
    /// <param name="slot">The consumed record.</param>
    /// <param name="maxCount">The most headers.</param>
    /// <param name="maxBytes">The most bytes.</param>
    /// <param name="replacingTrace">Whether the record gets a trace context of its own: the original's take no room (see <see cref="AddOriginals"/>).</param>
    /// <returns>The count; the rest are dropped.</returns>
    public static int OriginalsThatFit(MessageSlot slot, int maxCount, int maxBytes, bool replacingTrace = false)
    {
        int budget = Math.Min(maxBytes, MaxOriginalHeaderBytes);
        int bytes = 0;
        int count = Math.Min(slot.HeaderCount, Math.Max(maxCount, 0));
        for (int i = 0; i < count; i++)
        {
            if (replacingTrace && IsTraceContext(slot.HeaderName(i)))
            {
                continue;
            }

            bytes += slot.HeaderName(i).Length + slot.HeaderValue(i).Length + HeaderOverheadBytes;
            if (bytes > budget)
            {
                return i;
            }
        }

        return count;
    }

    /// <summary>Adds the first <paramref name="count"/> headers of <paramref name="slot"/>.</summary>
    /// <param name="slot">The consumed record.</param>
    /// <param name="count">How many (<see cref="OriginalsThatFit"/>).</param>
    /// <param name="replacingTrace">
    /// Whether the record carries a trace context of its own (the span of the consumed record, whose parent is the
    /// original's): the original's <c>traceparent</c> and <c>tracestate</c> are then left out, so that a reader sees one context.
    /// </param>
    public void AddOriginals(MessageSlot slot, int count, bool replacingTrace = false)
    {
        for (int i = 0; i < count; i++)
        {
            if (!replacingTrace || !IsTraceContext(slot.HeaderName(i)))
            {
                Add(slot.HeaderName(i), slot.HeaderValue(i));
            }
        }
    }

    /// <summary>Gets whether a header is W3C trace context (<c>traceparent</c> or <c>tracestate</c>).</summary>
    private static bool IsTraceContext(ReadOnlySpan<byte> name) => name.SequenceEqual("traceparent"u8) || name.SequenceEqual("tracestate"u8);

    /// <summary>Gets the name of header <paramref name="index"/> (without its terminating null).</summary>
    public ReadOnlySpan<byte> Name(int index) => _scratch.WrittenSpan.Slice(_at[index].Name, _at[index].NameLength);

    /// <summary>Gets the value of header <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Value(int index) => _scratch.WrittenSpan.Slice(_at[index].Value, _at[index].Length);

    /// <summary>Header references into <paramref name="pinned"/> (the pinned <see cref="Buffer"/>) for a native produce call.</summary>
    public unsafe void Fill(Span<HeaderRef> refs, byte* pinned)
    {
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = new HeaderRef(pinned + _at[i].Name, pinned + _at[i].Value, _at[i].Length);
        }
    }
}
