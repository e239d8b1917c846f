using ParcelStream.Pipeline.Kafka.Ranges;
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
        var shares = new Dictionary<(FeedbackKey, int), EntityCounts>();
        using (TopicRangeReader reader = TopicRangeReader.Open(new TopicRangeRequest
        {
            BootstrapServers = clientConfig["bootstrap.servers"],
            Topic = topic,
            Properties = KafkaSettings.ForReader(clientConfig),
            ClientId = "parcelstream-rules-stats",
            Timeout = timeout,

            // No statistics topic yet: nothing learnt yet, an empty tally.
            MissingIsEmpty = true,
        }))
        {
            var sink = new ShareSink(shares);
            reader.ReadAll(ref sink, timeout);
        }

        var tally = new FeedbackTally();
        foreach (((FeedbackKey line, _), EntityCounts counts) in shares)
        {
            tally.Add(line, counts);
        }

        return tally;
    }

    /// <summary>Keeps the latest share of each line and partition (the topic is compacted by that key).</summary>
    private readonly struct ShareSink(Dictionary<(FeedbackKey, int), EntityCounts> shares) : ITopicRecordSink
    {
        public void OnRecord(TopicRecord record)
        {
            if (!record.IsTombstone && StatsRecord.TryParseKey(record.Key, out FeedbackKey line, out int partition) && StatsRecord.TryReadValue(record.Value, out StatsLine share))
            {
                shares[(line, partition)] = share.Counts;
            }
        }
    }
}
