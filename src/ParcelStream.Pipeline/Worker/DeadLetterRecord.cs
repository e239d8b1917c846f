using System.Buffers.Text;
using System.Text;
using ParcelStream.Pipeline.Tracing;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// Lays out the dead-letter record of a message so that the producer and the broker take it whatever the message is:
/// the worker's headers first (why, where from, what was left out), then as much of the original as fits the record
/// limit: its headers (within <see cref="RecordHeaders"/>' budget), its key, its value, the value cut to its first
/// bytes when the whole does not fit or is over the decoder's limit. A record whose key alone does not fit keeps only
/// the coordinates, as does the replacement of a record the broker refused.
/// </summary>
internal sealed class DeadLetterRecord
{
    /// <summary>
    /// Room left in each record for librdkafka's framing of it (a v2 record's lengths, attributes, timestamp and offset
    /// deltas: under 40 bytes, RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD) and the header count, with room to spare.
    /// </summary>
    public const int RecordOverheadBytes = 512;

    /// <summary>The most headers the worker adds itself (trace context included); the rest of <see cref="RecordHeaders.MaxHeaders"/> is for the original's.</summary>
    public const int MaxOwnHeaders = 10;

    /// <summary>The most original headers a dead-letter record keeps.</summary>
    public const int MaxOriginalHeaders = RecordHeaders.MaxHeaders - MaxOwnHeaders;

    /// <summary>Characters of a long formatted as text, sign included ("-9223372036854775808").</summary>
    private const int MaxInt64Chars = 20;

    /// <summary>librdkafka's default message.max.bytes, used when <c>ParcelStream:Kafka</c> does not set it.</summary>
    public const int DefaultMaxMessageBytes = 1_000_000;

    private static readonly byte[] s_errorCode = Encoding.UTF8.GetBytes(DeadLetterHeaders.ErrorCode);
    private static readonly byte[] s_errorOffset = Encoding.UTF8.GetBytes(DeadLetterHeaders.ErrorOffset);
    private static readonly byte[] s_sourceTopic = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourceTopic);
    private static readonly byte[] s_sourcePartition = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourcePartition);
    private static readonly byte[] s_sourceOffset = Encoding.UTF8.GetBytes(DeadLetterHeaders.SourceOffset);
    private static readonly byte[] s_truncated = Encoding.UTF8.GetBytes(DeadLetterHeaders.Truncated);
    private static readonly byte[] s_valueBytes = Encoding.UTF8.GetBytes(DeadLetterHeaders.OriginalValueBytes);
    private static readonly byte[] s_dropped = Encoding.UTF8.GetBytes(DeadLetterHeaders.HeadersDropped);
    private static readonly byte[] s_traceParent = Encoding.UTF8.GetBytes(PipelineTracing.TraceParentHeader);
    private static readonly byte[] s_traceState = Encoding.UTF8.GetBytes(PipelineTracing.TraceStateHeader);

    /// <summary>Initializes the layout for one lane.</summary>
    /// <param name="maxRecordBytes">The most bytes the producer takes in one record (see <see cref="MaxRecordBytes"/>).</param>
    /// <param name="maxValueBytes">The decoder's limit: a value over it is never dead-lettered whole.</param>
    public DeadLetterRecord(int maxRecordBytes, int maxValueBytes)
    {
        MaxRecord = maxRecordBytes;
        MaxValue = maxValueBytes;
    }

    /// <summary>Gets the headers laid out by the last <see cref="Plan"/>.</summary>
    public RecordHeaders Headers { get; } = new();

    /// <summary>Gets whether the record carries the original key.</summary>
    public bool KeepsKey { get; private set; }

    /// <summary>Gets how many bytes of the original value the record carries.</summary>
    public int ValueLength { get; private set; }

    /// <summary>Gets what was cut: null when nothing, <see cref="DeadLetterHeaders.TruncatedValue"/> or <see cref="DeadLetterHeaders.TruncatedRecord"/>.</summary>
    public string? Truncation { get; private set; }

    /// <summary>Gets how many original headers were left out.</summary>
    public int DroppedHeaders { get; private set; }

    private int MaxRecord { get; }

    private int MaxValue { get; }

    /// <summary>
    /// The most bytes of one record the producer configured by <paramref name="settings"/> takes: message.max.bytes,
    /// and no more than its whole queue (queue.buffering.max.kbytes), which a record larger than it would wait for forever.
    /// </summary>
    /// <param name="settings">The producer's librdkafka settings.</param>
    /// <returns>The limit.</returns>
    public static int MaxRecordBytes(IReadOnlyDictionary<string, string> settings)
    {
        long max = DefaultMaxMessageBytes;
        if (settings.TryGetValue("message.max.bytes", out string? value) && long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long configured) && configured > 0)
        {
            max = configured;
        }

        if (settings.TryGetValue("queue.buffering.max.kbytes", out string? queue) && long.TryParse(queue, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long kbytes) && kbytes > 0)
        {
            max = Math.Min(max, kbytes * 1024);
        }

        return (int)Math.Min(max, int.MaxValue);
    }

    /// <summary>Lays out the dead-letter record of <paramref name="slot"/>.</summary>
    /// <param name="slot">The message.</param>
    /// <param name="code">Why (an AvroErrorCode name, an InvalidManifest or DeliveryRefused reason).</param>
    /// <param name="errorOffset">Where decoding failed, or -1 when that does not apply.</param>
    /// <param name="topic">The source topic, UTF-8.</param>
    /// <param name="coordinatesOnly">Leave out key, value and original headers (the replacement of a refused record).</param>
    /// <param name="trace">
    /// The trace context of the record's span (tracing on), written in place of the original's; empty: the original's
    /// headers are copied as they are.
    /// </param>
    public void Plan(MessageSlot slot, ReadOnlySpan<byte> code, long errorOffset, ReadOnlySpan<byte> topic, bool coordinatesOnly, TraceHeaders trace = default)
    {
        int valueLength = slot.ValueIsNull ? 0 : slot.ValueLength;
        int keyLength = Math.Max(slot.KeyLength, 0);
        bool replacingTrace = trace.Count > 0;

        // Our headers are sized first with their largest values, so that whatever is cut after, they fit.
        int own = OwnBytes(code, topic) + s_traceParent.Length + trace.Parent.Length + s_traceState.Length + trace.State.Length;
        int room = MaxRecord - RecordOverheadBytes - own;
        int originals = coordinatesOnly ? 0 : RecordHeaders.OriginalsThatFit(slot, MaxOriginalHeaders, room, replacingTrace);
        int originalBytes = 0;
        for (int i = 0; i < originals; i++)
        {
            originalBytes += slot.HeaderName(i).Length + slot.HeaderValue(i).Length + RecordHeaders.HeaderOverheadBytes;
        }

        room -= originalBytes;
        KeepsKey = !coordinatesOnly && keyLength <= room;
        if (KeepsKey)
        {
            room -= keyLength;
            ValueLength = Math.Min(valueLength, Math.Min(Math.Max(room, 0), MaxValue));
            Truncation = ValueLength < valueLength ? DeadLetterHeaders.TruncatedValue : null;
        }
        else
        {
            ValueLength = 0;
            Truncation = DeadLetterHeaders.TruncatedRecord;
        }

        DroppedHeaders = slot.HeaderCount - originals;
        Span<byte> number = stackalloc byte[MaxInt64Chars];
        Headers.Clear();
        Headers.Add(s_errorCode, code);
        if (errorOffset >= 0)
        {
            Headers.Add(s_errorOffset, Format(errorOffset, number));
        }

        Headers.Add(s_sourceTopic, topic);
        Headers.Add(s_sourcePartition, Format(slot.TopicPartition!.Partition.Value, number));
        Headers.Add(s_sourceOffset, Format(slot.Offset, number));
        if (Truncation is not null)
        {
            Headers.Add(s_truncated, Encoding.UTF8.GetBytes(Truncation));
            Headers.Add(s_valueBytes, Format(slot.ValueIsNull ? -1 : slot.ValueLength, number));
        }

        if (DroppedHeaders > 0)
        {
            Headers.Add(s_dropped, Format(DroppedHeaders, number));
        }

        if (replacingTrace)
        {
            Headers.Add(s_traceParent, trace.Parent);
            if (!trace.State.IsEmpty)
            {
                Headers.Add(s_traceState, trace.State);
            }
        }

        Headers.AddOriginals(slot, originals, replacingTrace);
    }

    /// <summary>An upper bound of the serialized size of the worker's own headers, every optional one included.</summary>
    private static int OwnBytes(ReadOnlySpan<byte> code, ReadOnlySpan<byte> topic) =>
        (MaxOwnHeaders * (RecordHeaders.HeaderOverheadBytes + 20))
        + s_errorCode.Length + code.Length + s_errorOffset.Length + s_sourceTopic.Length + topic.Length
        + s_sourcePartition.Length + s_sourceOffset.Length + s_truncated.Length + s_valueBytes.Length + s_dropped.Length;

    private static ReadOnlySpan<byte> Format(long value, Span<byte> into)
    {
        _ = Utf8Formatter.TryFormat(value, into, out int written);
        return into[..written];
    }
}
