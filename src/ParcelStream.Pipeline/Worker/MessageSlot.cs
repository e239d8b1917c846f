using Confluent.Kafka;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// One consumed message on its way through a lane: key and value copied out of librdkafka's buffer into arrays the
/// slot owns and reuses, so that the bytes outlive the consume call without a per-message allocation. Buffers grow up
/// to fixed sizes and are kept; a message larger than that gets a buffer of its own, dropped when the slot goes back
/// to the pool, so a burst of large messages does not leave every slot holding the largest one.
/// </summary>
internal sealed class MessageSlot
{
    /// <summary>
    /// The largest value buffer a slot keeps: manifests are 1-3 KB and a 999-item one about 60 KB, so decoding stays
    /// allocation-free for every plausible manifest while an idle pool holds at most this much per slot.
    /// </summary>
    public const int RetainedValueBytes = 64 * 1024;

    /// <summary>The largest key buffer a slot keeps (keys are tracking numbers or consignee keys, tens of bytes).</summary>
    public const int RetainedKeyBytes = 1024;

    /// <summary>The most header bytes a slot keeps buffered (tracing headers are a few hundred bytes).</summary>
    public const int RetainedHeaderBytes = 16 * 1024;

    /// <summary>The most header ranges a slot keeps (more than a produce call carries, see <see cref="DeadLetterRecord"/>).</summary>
    public const int RetainedHeaderCount = 128;

    private const int InitialValueCapacity = 1024;
    private const int InitialKeyCapacity = 64;

    /// <summary>The slot's number in its pool (set once).</summary>
    public int Id;

    public byte[] Value = new byte[InitialValueCapacity];
    public byte[] Key = new byte[InitialKeyCapacity];

    /// <summary>Records of this message the broker refused for good, waiting for their lane to dead-letter the message's coordinates instead.</summary>
    public int Refusals;

    /// <summary>The last refusal's librdkafka error code.</summary>
    public int RefusedCode;

    /// <summary>True once the message's coordinates-only dead letter is produced: if that is refused too, the worker stops.</summary>
    public bool CoordinatesOnly;

    /// <summary>The bytes the message took when dispatched (released from the in-flight byte budget when acknowledged).</summary>
    public int DispatchedBytes;

    /// <summary>The buffer bytes of this slot its pool last counted as retained (see <see cref="SlotPool"/>).</summary>
    public long CountedCapacity;
    public int ValueLength;
    public int KeyLength = -1;
    public bool ValueIsNull;
    public TopicPartition? TopicPartition;
    public long Offset;
    private byte[] _headerData = [];
    private byte[] _retainedValue = [];
    private byte[] _retainedKey = [];
    private byte[] _retainedHeaderData = [];
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

    /// <summary>Gets the bytes of the message held: value, key and headers (what the in-flight byte budget counts).</summary>
    public int Size => ValueLength + Math.Max(KeyLength, 0) + _headerBytes;

    /// <summary>Gets the bytes of the buffers the slot holds now (for tests: after <see cref="Clear"/>, at most the retained sizes).</summary>
    public long Capacity => Value.Length + Key.Length + _headerData.Length;

    public void SetValue(ReadOnlySpan<byte> data, bool isNull)
    {
        ValueIsNull = isNull;
        Value = Room(Value, ref _retainedValue, data.Length, RetainedValueBytes);
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

        Key = Room(Key, ref _retainedKey, data.Length, RetainedKeyBytes);
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
            byte[] grown = Room(_headerData, ref _retainedHeaderData, needed, RetainedHeaderBytes);
            _headerData.AsSpan(0, _headerBytes).CopyTo(grown);
            _headerData = grown;
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

    /// <summary>Empties the slot for the pool, giving back buffers grown beyond the retained sizes.</summary>
    public void Clear()
    {
        ClearHeaders();
        ValueLength = 0;
        KeyLength = -1;
        TopicPartition = null;
        Tracker = null;
        Refusals = 0;
        RefusedCode = 0;
        CoordinatesOnly = false;
        DispatchedBytes = 0;
        Value = Value.Length > RetainedValueBytes ? Retained(_retainedValue, InitialValueCapacity) : Value;
        Key = Key.Length > RetainedKeyBytes ? Retained(_retainedKey, InitialKeyCapacity) : Key;
        _headerData = _headerData.Length > RetainedHeaderBytes ? _retainedHeaderData : _headerData;
        if (_headerRanges.Length > RetainedHeaderCount)
        {
            // Rare (a record with over 128 headers), so a new small array is fine here.
            _headerRanges = new (int, int, int, int)[RetainedHeaderCount];
        }
    }

    /// <summary>
    /// Gives back every buffer grown beyond its initial size (the pool's retained bytes are over its budget). Only
    /// then does returning a slot allocate: small new buffers, the next messages regrow them.
    /// </summary>
    public void ShrinkToInitial()
    {
        if (Value.Length > InitialValueCapacity)
        {
            Value = _retainedValue = new byte[InitialValueCapacity];
        }

        if (Key.Length > InitialKeyCapacity)
        {
            Key = _retainedKey = new byte[InitialKeyCapacity];
        }

        _headerData = _retainedHeaderData = [];
    }

    /// <summary>
    /// A buffer of at least <paramref name="needed"/> bytes: the current one, the retained one grown (doubling, up to
    /// <paramref name="retainLimit"/>), or, beyond that limit, one of its own that <see cref="Clear"/> drops.
    /// </summary>
    private static byte[] Room(byte[] current, ref byte[] retained, int needed, int retainLimit)
    {
        if (current.Length >= needed)
        {
            if (current.Length <= retainLimit)
            {
                retained = current;
            }

            return current;
        }

        if (needed > retainLimit)
        {
            if (current.Length <= retainLimit)
            {
                retained = current;
            }

            return GC.AllocateUninitializedArray<byte>(needed);
        }

        byte[] grown = new byte[Math.Min(retainLimit, Math.Max(needed, current.Length * 2))];
        retained = grown;
        return grown;
    }

    private static byte[] Retained(byte[] retained, int initial) => retained.Length > 0 ? retained : new byte[initial];
}
