using Confluent.Kafka;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>Reads the whole statistics topic once (for <c>parcelstream rules stats</c>): the latest share per line and partition, summed.</summary>
public static class FeedbackStatsReader
{
    /// <summary>Reads every partition of the topic to its end.</summary>
    /// <param name="clientConfig">librdkafka settings, bootstrap.servers included.</param>
    /// <param name="topic">The statistics topic.</param>
    /// <param name="timeout">How long the whole read may take.</param>
    /// <returns>The totals per line.</returns>
    /// <exception cref="TimeoutException">The topic was not read to its end in time.</exception>
    public static FeedbackTally ReadAll(IReadOnlyDictionary<string, string> clientConfig, string topic, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        IReadOnlyList<int> partitions = FeedbackTopics.Partitions(clientConfig, topic, timeout);
        var shares = new Dictionary<(FeedbackKey, int), EntityCounts>();
        var config = new ConsumerConfig(KafkaSettings.ForReader(clientConfig))
        {
            GroupId = "parcelstream-rules-stats",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            ClientId = "parcelstream-rules-stats",
        };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var ends = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), timeout).High.Value);
        var open = new HashSet<int>(ends.Where(e => e.Value > 0).Select(e => e.Key));
        consumer.Assign(open.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        DateTime deadline = DateTime.UtcNow + timeout;
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic} was not read to its end within {timeout.TotalSeconds:0} s.");
            }

            ConsumeResult<byte[], byte[]>? r = consumer.Consume(100);
            if (r is null)
            {
                continue;
            }

            if (!r.IsPartitionEOF && r.Message.Key is { } key && r.Message.Value is { } value
                && StatsRecord.TryParseKey(key, out FeedbackKey line, out int partition) && StatsRecord.TryReadValue(value, out StatsLine share))
            {
                shares[(line, partition)] = share.Counts;
            }

            if (r.IsPartitionEOF || r.Offset.Value + 1 >= ends[r.Partition.Value])
            {
                open.Remove(r.Partition.Value);
            }
        }

        var tally = new FeedbackTally();
        foreach (((FeedbackKey line, _), EntityCounts counts) in shares)
        {
            tally.Add(line, counts);
        }

        return tally;
    }
}
