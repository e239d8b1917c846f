namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>One record of a topic range; its spans point into librdkafka's buffer and are valid only during the sink call.</summary>
public readonly ref struct TopicRecord
{
    /// <summary>Gets the partition.</summary>
    public required int Partition { get; init; }

    /// <summary>Gets the offset.</summary>
    public required long Offset { get; init; }

    /// <summary>Gets the record timestamp, Unix milliseconds.</summary>
    public required long TimestampMillis { get; init; }

    /// <summary>Gets the key; empty when the record has none.</summary>
    public ReadOnlySpan<byte> Key { get; init; }

    /// <summary>Gets the value; empty for a tombstone (see <see cref="IsTombstone"/>) or an empty value.</summary>
    public ReadOnlySpan<byte> Value { get; init; }

    /// <summary>Gets a value indicating whether the value is null (a deletion in a compacted topic), not merely empty.</summary>
    public bool IsTombstone { get; init; }
}
