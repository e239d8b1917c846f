using ParcelStream.Backtest.Replay;
using ParcelStream.Pipeline.Kafka.Ranges;

namespace ParcelStream.Host.Commands;

/// <summary>Feeds a Kafka topic range (read by <see cref="TopicRangeReader"/>, by partition then offset) to the replay.</summary>
internal sealed class KafkaReplaySource : IReplayMessageSource, IDisposable
{
    private readonly TopicRangeReader _reader;

    /// <summary>Initializes a source over an opened reader, which it disposes.</summary>
    /// <param name="reader">The reader.</param>
    public KafkaReplaySource(TopicRangeReader reader) => _reader = reader;

    /// <inheritdoc/>
    public string Name => _reader.Topic;

    /// <inheritdoc/>
    public long ExpectedMessages => _reader.TotalOffsets;

    /// <summary>Gets the resolved ranges.</summary>
    public IReadOnlyList<PartitionRange> Ranges => _reader.Ranges;

    /// <inheritdoc/>
    public bool Fill(ReplayMessageBatch batch, CancellationToken cancellationToken)
    {
        var sink = new BatchSink(batch);
        while (batch.Room > 0 && _reader.Read(ref sink, batch.Room, cancellationToken) > 0)
        {
        }

        return batch.Count > 0;
    }

    /// <summary>Closes the consumer.</summary>
    public void Dispose() => _reader.Dispose();

    /// <summary>Copies each record into the batch.</summary>
    private readonly struct BatchSink(ReplayMessageBatch batch) : ITopicRecordSink
    {
        public void OnRecord(TopicRecord record) => batch.Add(record.Partition, record.Offset, record.Value);
    }
}
