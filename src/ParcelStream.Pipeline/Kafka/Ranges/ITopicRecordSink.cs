namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>Receives the records <see cref="TopicRangeReader"/> reads; implemented by a struct so that the call is not virtual.</summary>
public interface ITopicRecordSink
{
    /// <summary>Takes one record; <paramref name="value"/> is valid only during the call.</summary>
    /// <param name="partition">The record's partition.</param>
    /// <param name="offset">The record's offset.</param>
    /// <param name="timestampMillis">The record's timestamp (Unix milliseconds; -1 when it has none).</param>
    /// <param name="value">The record's value (empty for a null value).</param>
    void OnRecord(int partition, long offset, long timestampMillis, ReadOnlySpan<byte> value);
}
