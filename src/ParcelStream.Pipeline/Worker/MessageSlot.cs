using Confluent.Kafka;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// One consumed message on its way through a lane: key and value copied out of librdkafka's buffer into arrays the
/// slot owns and reuses, so that the bytes outlive the consume call without a per-message allocation.
/// </summary>
internal sealed class MessageSlot
{
    private const int InitialValueCapacity = 1024;
    private const int InitialKeyCapacity = 64;

    /// <summary>The slot's number in its pool (set once).</summary>
    public int Id;

    public byte[] Value = new byte[InitialValueCapacity];
    public byte[] Key = new byte[InitialKeyCapacity];
    public int ValueLength;
    public int KeyLength = -1;
    public bool ValueIsNull;
    public TopicPartition? TopicPartition;
    public long Offset;
    private byte[] _headerData = [];
    private (int Name, int NameLength, int Value, int ValueLength)[] _headerRanges = [];
    private int _headerCount;
    private int _headerBytes;
    public long TimestampMillis;

    /// <summary>The offset tracker of the message's partition, so that the acknowledgement needs no lookup.</summary>
    public PartitionTracker? Tracker;

    /// <summary>
    /// Records produced for this message and not yet acknowledged: the decision (or dead letter, or repartition record)
    /// counts one, set at dispatch; changelog and amendment records add one each before they are produced. The input
    /// offset is acknowledged when it reaches 0.
    /// </summary>
    public int Deliveries;

    /// <summary>True while the message is forwarded to the repartition topic (stateful stages), not decided.</summary>
    public bool Forwarding;

    /// <summary>When the consumer handed the message over (Stopwatch ticks).</summary>
    public long ReceivedTicks;

    /// <summary>The delivery callback bound to this slot, made once and reused with the slot.</summary>
    public Action<DeliveryReport<byte[], byte[]>>? Delivered;

    /// <summary>Gets the value bytes.</summary>
    public ReadOnlySpan<byte> ValueSpan => Value.AsSpan(0, ValueLength);

    /// <summary>Gets the key bytes (empty for a null key).</summary>
    public ReadOnlySpan<byte> KeySpan => KeyLength <= 0 ? default : Key.AsSpan(0, KeyLength);

    public void SetValue(ReadOnlySpan<byte> data, bool isNull)
    {
        ValueIsNull = isNull;
        if (Value.Length < data.Length)
        {
            Value = new byte[Math.Max(data.Length, Value.Length * 2)];
        }

        data.CopyTo(Value);
        ValueLength = data.Length;
    }

    public void SetKey(ReadOnlySpan<byte> data, bool isNull)
    {
        if (isNull)
        {
            KeyLength = -1;
            return;
        }

        if (Key.Length < data.Length)
        {
            Key = new byte[Math.Max(data.Length, Key.Length * 2)];
        }

        data.CopyTo(Key);
        KeyLength = data.Length;
    }

    /// <summary>Gets the number of headers copied from the record.</summary>
    public int HeaderCount => _headerCount;

    /// <summary>Gets the name of header <paramref name="index"/> (UTF-8).</summary>
    public ReadOnlySpan<byte> HeaderName(int index) => _headerData.AsSpan(_headerRanges[index].Name, _headerRanges[index].NameLength);

    /// <summary>Gets the value of header <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> HeaderValue(int index) => _headerData.AsSpan(_headerRanges[index].Value, _headerRanges[index].ValueLength);

    public void ClearHeaders()
    {
        _headerCount = 0;
        _headerBytes = 0;
    }

    /// <summary>Copies one header into the slot's own buffer.</summary>
    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        int needed = _headerBytes + name.Length + value.Length;
        if (_headerData.Length < needed)
        {
            Array.Resize(ref _headerData, Math.Max(needed, _headerData.Length * 2));
        }

        if (_headerCount == _headerRanges.Length)
        {
            Array.Resize(ref _headerRanges, Math.Max(4, _headerRanges.Length * 2));
        }

        name.CopyTo(_headerData.AsSpan(_headerBytes));
        value.CopyTo(_headerData.AsSpan(_headerBytes + name.Length));
        _headerRanges[_headerCount++] = (_headerBytes, name.Length, _headerBytes + name.Length, value.Length);
        _headerBytes = needed;
    }

    public void Clear()
    {
        ClearHeaders();
        ValueLength = 0;
        KeyLength = -1;
        TopicPartition = null;
        Tracker = null;
    }
}
