namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>Receives the records a <see cref="TopicRangeReader"/> reads; a struct implementation keeps the call inlinable.</summary>
public interface ITopicRecordSink
{
    /// <summary>Takes one record, in offset order within its partition; copy what must outlive the call.</summary>
    /// <param name="record">The record.</param>
    void OnRecord(TopicRecord record);
}
