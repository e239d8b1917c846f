using ParcelStream.Pipeline.Kafka.Ranges;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.State;

/// <summary>
/// Reads changelog partitions from their beginning to the end offset they had when the restore started, as Kafka
/// Streams' restore consumer does: the shared <see cref="TopicRangeReader"/> (no group, nothing committed), read_committed.
/// </summary>
internal static class ChangelogRestorer
{
    /// <summary>Applies one changelog record of a partition.</summary>
    /// <param name="partition">The changelog partition (= the store's partition).</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The record value; null for a tombstone.</param>
    public delegate void Apply(int partition, byte[] key, byte[]? value);

    /// <summary>Restores the given partitions of a changelog topic.</summary>
    /// <param name="bootstrapServers">The cluster.</param>
    /// <param name="kafkaSettings">Pass-through librdkafka settings (security...).</param>
    /// <param name="topic">The changelog topic.</param>
    /// <param name="partitions">The partitions to read.</param>
    /// <param name="apply">Receives every record, in offset order per partition.</param>
    /// <param name="timeout">Most time for the whole restore.</param>
    /// <returns>The number of records applied.</returns>
    /// <exception cref="TimeoutException">The end offsets were not reached in time (the store would be incomplete).</exception>
    /// <exception cref="TopicRangeException">The changelog could not be read.</exception>
    public static long Restore(string bootstrapServers, IReadOnlyDictionary<string, string> kafkaSettings, string topic, IReadOnlyCollection<int> partitions, Apply apply, TimeSpan timeout)
    {
        if (partitions.Count == 0)
        {
            return 0;
        }

        Dictionary<string, string> settings = KafkaSettings.WithConsumerDefaults(kafkaSettings);

        // The restore ends at a partition's end offset, reached by an empty fetch: it should not wait long at the broker.
        settings.TryAdd("fetch.wait.max.ms", "10");
        settings["isolation.level"] = "read_committed";
        using TopicRangeReader reader = TopicRangeReader.Open(new TopicRangeRequest
        {
            BootstrapServers = bootstrapServers,
            Topic = topic,
            Partitions = [.. partitions],
            Properties = settings,
            ClientId = "parcelstream-restore",
            Timeout = timeout,

            // Nothing ever written there (a first start) is an empty store. Writing to a partition the changelog lacks
            // fails the delivery, which stops the worker, so a changelog with too few partitions is not silent.
            MissingIsEmpty = true,
            SkipUnretained = true,
        });
        var sink = new ApplySink(apply);
        return reader.ReadAll(ref sink, timeout);
    }

    private readonly struct ApplySink(Apply apply) : ITopicRecordSink
    {
        public void OnRecord(TopicRecord record) => apply(record.Partition, record.Key.ToArray(), record.IsTombstone ? null : record.Value.ToArray());
    }
}
