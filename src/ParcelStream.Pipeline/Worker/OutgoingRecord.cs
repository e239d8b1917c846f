namespace ParcelStream.Pipeline.Worker;

/// <summary>One record for <see cref="IWorkerTransport.Produce"/>: spans of the lane's buffers, valid for the call only.</summary>
/// <param name="topic">Where it goes.</param>
/// <param name="key">The key; empty for none.</param>
/// <param name="value">The value.</param>
internal readonly ref struct OutgoingRecord(OutputTopic topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
{
    /// <summary>Gets where the record goes.</summary>
    public OutputTopic Topic { get; } = topic;

    /// <summary>Gets the key.</summary>
    public ReadOnlySpan<byte> Key { get; } = key;

    /// <summary>Gets the value.</summary>
    public ReadOnlySpan<byte> Value { get; } = value;

    /// <summary>Gets the partition; -1 lets the partitioner pick it from the key.</summary>
    public int Partition { get; init; } = -1;

    /// <summary>
    /// Gets whether the key is null rather than empty. Confluent.Kafka tells the two apart; librdkafka's native call
    /// sends an empty key as a null one.
    /// </summary>
    public bool KeyIsNull { get; init; }

    /// <summary>Gets whether the value is null (a tombstone, or a dead-lettered null value) rather than empty.</summary>
    public bool ValueIsNull { get; init; }

    /// <summary>Gets the headers laid out for this record, or null for none.</summary>
    public RecordHeaders? Headers { get; init; }

    /// <summary>Gets the record timestamp (Unix milliseconds); 0 for the producer's clock.</summary>
    public long TimestampMillis { get; init; }
}
