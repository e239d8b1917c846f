using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ParcelStream.DevTools.Mock;

namespace ParcelStream.IntegrationTests;

public sealed class MockClusterTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    [Fact]
    public void BootstrapServers_ThreeBrokers_ListsThreeLoopbackListeners()
    {
        string[] servers = fixture.BootstrapServers.Split(',');

        Assert.Equal(3, servers.Length);
        Assert.All(servers, s => Assert.Matches(@"^127\.0\.0\.1:\d+$", s));
        Assert.Equal(3, servers.Distinct().Count());
    }

    [Fact]
    public void LibraryPath_AfterStart_IsTheFileConfluentKafkaLoaded()
    {
        string? path = MockCluster.LibraryPath;

        Assert.NotNull(path);
        Assert.Contains("librdkafka", path, StringComparison.Ordinal);
        Assert.True(Library.IsLoaded);
    }

    [Fact]
    public void ProduceConsume_RoundTrip_EveryMessageArrivesOnceInPartitionOrder()
    {
        string topic = fixture.CreateTopic("roundtrip", partitions: 3);
        const int Count = 300;
        var messages = Enumerable.Range(0, Count).Select(i => new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes($"key-{i % 17}"),
            Value = Encoding.UTF8.GetBytes($"value-{i}"),
        }).ToList();

        List<DeliveryReport<byte[], byte[]>> reports = KafkaTestClient.ProduceAll(fixture.ProducerConfig(), topic, messages);
        List<ConsumeResult<byte[], byte[]>> consumed = KafkaTestClient.ConsumeAll(fixture.ConsumerConfig($"g-{topic}"), topic, Count);

        Assert.All(reports, r => Assert.Equal(ErrorCode.NoError, r.Error.Code));
        Assert.Equal(Count, consumed.Count);
        Assert.Equal(messages.Select(m => Encoding.UTF8.GetString(m.Value)).Order(), consumed.Select(c => Encoding.UTF8.GetString(c.Message.Value)).Order());
        foreach (IGrouping<int, ConsumeResult<byte[], byte[]>> partition in consumed.GroupBy(c => c.Partition.Value))
        {
            long[] offsets = [.. partition.Select(c => c.Offset.Value)];
            Assert.Equal(Enumerable.Range(0, offsets.Length).Select(i => (long)i), offsets);
        }

        // One key, one partition: the order of a key's values is the order they were produced in.
        foreach (IGrouping<string, ConsumeResult<byte[], byte[]>> key in consumed.GroupBy(c => Encoding.UTF8.GetString(c.Message.Key)))
        {
            Assert.Single(key.Select(c => c.Partition.Value).Distinct());
            int[] sequence = [.. key.OrderBy(c => c.Offset.Value).Select(c => int.Parse(Encoding.UTF8.GetString(c.Message.Value).AsSpan(6)))];
            Assert.Equal(sequence.Order(), sequence);
        }
    }

    [Fact]
    public void PushRequestErrors_RetriableProduceErrors_IdempotentProducerDeliversEachMessageExactlyOnce()
    {
        string topic = fixture.CreateTopic("produce-errors", partitions: 1);
        fixture.Cluster.StartRequestTracking();
        fixture.Cluster.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotEnoughReplicas, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.NotEnoughReplicas);
        const int Count = 200;
        var messages = Enumerable.Range(0, Count).Select(i => new Message<byte[], byte[]> { Key = [], Value = BitConverter.GetBytes(i) });

        List<DeliveryReport<byte[], byte[]>> reports = KafkaTestClient.ProduceAll(fixture.ProducerConfig(idempotent: true), topic, messages);
        List<ConsumeResult<byte[], byte[]>> consumed = KafkaTestClient.ConsumeAll(fixture.ConsumerConfig($"g-{topic}"), topic, Count + 1, TimeSpan.FromSeconds(8));
        int produceRequests = fixture.Cluster.GetRequests().Count(r => r.ApiKey == KafkaApiKey.Produce);
        fixture.Cluster.StopRequestTracking();
        fixture.Cluster.ClearRequests();

        Assert.All(reports, r => Assert.Equal(ErrorCode.NoError, r.Error.Code));
        Assert.Equal(Enumerable.Range(0, Count), consumed.Select(c => BitConverter.ToInt32(c.Message.Value)));
        Assert.True(produceRequests > 5, $"only {produceRequests} Produce requests: the injected errors were not all consumed");
    }

    [Fact]
    public async Task SetBrokerDown_LeaderDownThenUp_DeliveryWaitsThenCompletes()
    {
        string topic = fixture.CreateTopic("broker-down", partitions: 1);
        fixture.Cluster.SetPartitionLeader(topic, 0, 2);
        using IProducer<string, string> producer = new ProducerBuilder<string, string>(fixture.ProducerConfig()).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "warm", Value = "up" }).WaitAsync(KafkaTestClient.DefaultTimeout);

        fixture.Cluster.SetBrokerDown(2);
        Task<DeliveryResult<string, string>> pending;
        try
        {
            pending = producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "while down" });
            Task first = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(1.5)));
            Assert.False(first == pending, "a message was delivered to a partition whose only broker was down");
        }
        finally
        {
            fixture.Cluster.SetBrokerUp(2);
        }

        DeliveryResult<string, string> delivered = await pending.WaitAsync(KafkaTestClient.DefaultTimeout);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
        Assert.Equal(1, delivered.Offset.Value);
    }

    [Fact]
    public async Task SetBrokerRtt_500Milliseconds_DelaysEachAcknowledgement()
    {
        string topic = fixture.CreateTopic("rtt", partitions: 1);
        fixture.Cluster.SetPartitionLeader(topic, 0, 3);
        using IProducer<string, string> producer = new ProducerBuilder<string, string>(fixture.ProducerConfig()).Build();
        await producer.ProduceAsync(topic, new Message<string, string> { Key = "a", Value = "warm" }).WaitAsync(KafkaTestClient.DefaultTimeout);

        fixture.Cluster.SetBrokerRtt(3, TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        try
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "b", Value = "slow" }).WaitAsync(KafkaTestClient.DefaultTimeout);
        }
        finally
        {
            fixture.Cluster.SetBrokerRtt(3, TimeSpan.Zero);
        }

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(450), $"acknowledged after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task SetTopicError_AuthorizationFailed_ProduceFailsWithThatError()
    {
        string topic = fixture.CreateTopic("topic-error", partitions: 1);
        fixture.Cluster.SetTopicError(topic, ErrorCode.TopicAuthorizationFailed);
        var config = fixture.ProducerConfig(idempotent: false);
        config.MessageTimeoutMs = 5_000;
        using IProducer<string, string> producer = new ProducerBuilder<string, string>(config).Build();

        var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(() => producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }).WaitAsync(KafkaTestClient.DefaultTimeout));

        Assert.Equal(ErrorCode.TopicAuthorizationFailed, failure.Error.Code);
    }

    [Fact]
    public void CreateTopic_Twice_ThrowsWithLibrdkafkaErrorName()
    {
        string topic = fixture.CreateTopic("twice", partitions: 1);

        var ex = Assert.Throws<MockClusterException>(() => fixture.Cluster.CreateTopic(topic, 1));

        Assert.Equal(ErrorCode.TopicAlreadyExists, ex.Error);
        Assert.Equal("TOPIC_ALREADY_EXISTS", ex.ErrorName);
        Assert.Contains("TOPIC_ALREADY_EXISTS", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(99)]
    public void SetBrokerDown_UnknownBroker_ThrowsBrokerNotAvailable(int brokerId)
    {
        var ex = Assert.Throws<MockClusterException>(() => fixture.Cluster.SetBrokerDown(brokerId));

        // librdkafka 2.16 answers BROKER_NOT_AVAILABLE here, not the _UNKNOWN_BROKER its header promises for broker calls.
        Assert.Equal(ErrorCode.BrokerNotAvailable, ex.Error);
        Assert.Equal("BROKER_NOT_AVAILABLE", ex.ErrorName);
    }

    [Fact]
    public void SetPartitionLeader_PartitionOutOfRange_ThrowsUnknownPartition()
    {
        string topic = fixture.CreateTopic("leader", partitions: 2);

        var ex = Assert.Throws<MockClusterException>(() => fixture.Cluster.SetPartitionLeader(topic, 5, 1));

        Assert.Equal(ErrorCode.UnknownTopicOrPart, ex.Error);
    }

    [Fact]
    public void Dispose_Twice_SecondIsHarmlessAndLaterCallsThrowObjectDisposed()
    {
        var cluster = new MockCluster(brokerCount: 1);
        cluster.Dispose();
        cluster.Dispose();

        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("t", 1));
    }

    [Fact]
    public void ErrorName_KnownCode_IsLibrdkafkaName()
    {
        Assert.Equal("NOT_LEADER_FOR_PARTITION", MockCluster.ErrorName(ErrorCode.NotLeaderForPartition));
        Assert.Equal("_TRANSPORT", MockCluster.ErrorName(ErrorCode.Local_Transport));
    }
}
