using Confluent.Kafka;

namespace ParcelStream.Pipeline.Kafka;

/// <summary>Which partitions a topic has, for the clients that read a topic whole (the metadata request works on any cluster, the mock included).</summary>
internal static class TopicPartitions
{
    /// <summary>Gets the partitions of a topic; none when it does not exist.</summary>
    /// <param name="config">Client settings (bootstrap servers, security).</param>
    /// <param name="topic">The topic.</param>
    /// <param name="timeout">How long to wait for the metadata.</param>
    /// <returns>Partition numbers, ascending.</returns>
    public static IReadOnlyList<int> Of(IReadOnlyDictionary<string, string> config, string topic, TimeSpan timeout)
    {
        var settings = new AdminClientConfig(config.Where(kv => Worker.KafkaSettings.IsConnectionSetting(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
        // Its connection errors come back as the exception GetMetadata throws; librdkafka's own log of every retry (one
        // line per 50-100 ms while the cluster is unreachable) would only flood standard error.
        using IAdminClient admin = new AdminClientBuilder(settings).SetLogHandler(static (_, _) => { }).Build();
        Metadata metadata = admin.GetMetadata(topic, timeout);
        TopicMetadata? t = metadata.Topics.FirstOrDefault(m => m.Topic == topic);
        return t is null || t.Error.IsError ? [] : [.. t.Partitions.Select(p => p.PartitionId).Order()];
    }
}
