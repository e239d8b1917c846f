using Confluent.Kafka;
using ParcelStream.DevTools.Mock;

namespace ParcelStream.IntegrationTests;

/// <summary>One mock cluster per test class (xunit IClassFixture); each test uses its own topics and groups.</summary>
public sealed class MockClusterFixture : IDisposable
{
    private int _sequence;

    public MockClusterFixture()
    {
        Cluster = new MockCluster(brokerCount: 3);
        Cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
    }

    public MockCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>A topic name no other test in this class uses, created with <paramref name="partitions"/> partitions.</summary>
    public string CreateTopic(string prefix, int partitions = 3)
    {
        string topic = $"{prefix}-{Interlocked.Increment(ref _sequence)}";
        Cluster.CreateTopic(topic, partitions, replicationFactor: 1);
        return topic;
    }

    public ProducerConfig ProducerConfig(bool idempotent = true) => new()
    {
        BootstrapServers = BootstrapServers,
        EnableIdempotence = idempotent,
        LingerMs = 5,
        MessageTimeoutMs = 30_000,
    };

    public ConsumerConfig ConsumerConfig(string group) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = 6_000,
        HeartbeatIntervalMs = 500,
        TopicMetadataRefreshIntervalMs = 1_000,
    };

    public void Dispose() => Cluster.Dispose();
}
