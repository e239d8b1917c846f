using System.Diagnostics;
using Confluent.Kafka;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.State;

/// <summary>
/// Reads changelog partitions from their beginning to the end offset they had when the restore started, as Kafka
/// Streams' restore consumer does: a plain assigned consumer (no group, nothing committed), read_committed.
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
    /// <exception cref="KafkaException">The changelog could not be read.</exception>
    public static long Restore(string bootstrapServers, IReadOnlyDictionary<string, string> kafkaSettings, string topic, IReadOnlyCollection<int> partitions, Apply apply, TimeSpan timeout)
    {
        var settings = new Dictionary<string, string>(kafkaSettings, StringComparer.Ordinal);
        settings.Remove("group.instance.id");

        // The restore ends at a partition's end offset, reached by an empty fetch: it should not wait long at the broker.
        settings.TryAdd("fetch.wait.max.ms", "10");
        KafkaSettings.AddConsumerDefaults(settings);
        var config = new ConsumerConfig(settings)
        {
            BootstrapServers = bootstrapServers,
            GroupId = "parcelstream-restore",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = IsolationLevel.ReadCommitted,
            ClientId = "parcelstream-restore",
        };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var ends = new Dictionary<int, long>();
        var assignment = new List<TopicPartitionOffset>();
        foreach (int partition in partitions)
        {
            WatermarkOffsets marks;
            try
            {
                marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), timeout);
            }
            catch (KafkaException ex) when (ex.Error.Code is ErrorCode.Local_UnknownPartition or ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic)
            {
                // Nothing was ever written there (a first start): an empty store. Writing to a partition the changelog
                // lacks fails the delivery, which stops the worker, so a changelog with too few partitions is not silent.
                continue;
            }

            if (marks.High.Value > marks.Low.Value)
            {
                ends[partition] = marks.High.Value;
                assignment.Add(new TopicPartitionOffset(topic, partition, Offset.Beginning));
            }
        }

        if (assignment.Count == 0)
        {
            return 0;
        }

        long applied = 0;
        consumer.Assign(assignment);
        while (ends.Count > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Restoring {topic} partitions {string.Join(",", ends.Keys)} did not reach the end offsets within {timeout.TotalSeconds:0} s.");
            }

            ConsumeResult<byte[], byte[]>? result = consumer.Consume(100);
            if (result is null)
            {
                continue;
            }

            int partition = result.Partition.Value;
            if (!ends.TryGetValue(partition, out long end))
            {
                continue;
            }

            if (!result.IsPartitionEOF)
            {
                apply(partition, result.Message.Key ?? [], result.Message.Value);
                applied++;
            }

            if (result.Offset.Value + (result.IsPartitionEOF ? 0 : 1) >= end)
            {
                ends.Remove(partition);
            }
        }

        consumer.Close();
        return applied;
    }
}
