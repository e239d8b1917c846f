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
    public Headers? Headers;
    public long TimestampMillis;

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

    public void Clear()
    {
        ValueLength = 0;
        KeyLength = -1;
        TopicPartition = null;
        Headers = null;
    }
}
