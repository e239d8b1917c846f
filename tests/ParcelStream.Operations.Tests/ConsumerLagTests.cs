using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ParcelStream.DevTools.Mock;
using ParcelStream.Pipeline.Metrics;

namespace ParcelStream.Operations.Tests;

public sealed class ConsumerLagTests
{
    /// <summary>A statistics document shaped like librdkafka's (brokers and other fields around the partitions).</summary>
    internal static string Statistics(params (string Topic, int Partition, long Lag, string FetchState)[] partitions)
    {
        var json = new StringBuilder("""{"name":"parcelstream-worker#consumer-1","type":"consumer","ts":123,"brokers":{"b1":{"name":"b1","toppars":{"x":{"topic":"t","partition":0}}}},"topics":{""");
        foreach (IGrouping<string, (string Topic, int Partition, long Lag, string FetchState)> topic in partitions.GroupBy(p => p.Topic))
        {
            json.Append('"').Append(topic.Key).Append("\":{\"topic\":\"").Append(topic.Key).Append("\",\"age\":5,\"batchsize\":{\"min\":0,\"max\":0},\"partitions\":{");
            foreach ((string _, int partition, long lag, string state) in topic)
            {
                json.Append('"').Append(partition).Append("\":{\"partition\":").Append(partition).Append(",\"fetch_state\":\"").Append(state)
                    .Append("\",\"hi_offset\":100,\"consumer_lag\":").Append(lag).Append(",\"consumer_lag_stored\":").Append(lag).Append(",\"txmsgs\":0},");
            }

            json.Append("\"-1\":{\"partition\":-1,\"fetch_state\":\"none\",\"consumer_lag\":-1}},\"eos\":{}},");
        }

        if (json[^1] == ',')
        {
            json.Length--;
        }

        return json.Append("},\"cgrp\":{\"state\":\"up\",\"assignment_size\":1}}").ToString();
    }

    [Fact]
    public void OnStatistics_AssignedPartitions_LagPerPartitionSortedWithoutUnassignedOnes()
    {
        var lag = new ConsumerLag();

        lag.OnStatistics(Statistics(("b-topic", 2, 7, "active"), ("a-topic", 1, 3, "active"), ("a-topic", 0, 0, "active"), ("a-topic", 5, -1, "active"), ("a-topic", 6, 9, "none"), ("a-topic", 7, 9, "stopped")));

        Assert.Equal([new PartitionLag("a-topic", 0, 0), new PartitionLag("a-topic", 1, 3), new PartitionLag("b-topic", 2, 7)], lag.Snapshot());
        Assert.Equal(1, lag.Updates);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"topics\":{\"t\":{\"partitions\":{\"0\":{\"consumer_lag\":")]
    public void OnStatistics_BrokenDocument_KeepsThePreviousSnapshotAndNeverThrows(string json)
    {
        var lag = new ConsumerLag();
        lag.OnStatistics(Statistics(("t", 0, 4, "active")));

        lag.OnStatistics(json);

        Assert.Equal([new PartitionLag("t", 0, 4)], lag.Snapshot());
        Assert.Equal(json.Length == 0 ? 0 : 1, lag.ParseFailures);
    }

    [Fact]
    public void OnStatistics_Utf8Span_SameAsString()
    {
        string json = Statistics(("t", 3, 11, "active"));
        var fromString = new ConsumerLag();
        var fromSpan = new ConsumerLag();

        fromString.OnStatistics(json);
        fromSpan.OnStatistics(Encoding.UTF8.GetBytes(json));

        Assert.Equal(fromString.Snapshot(), fromSpan.Snapshot());
    }

    [Fact]
    public void OnStatistics_RealLibrdkafkaConsumerAgainstTheMock_ReportsTheRecordsLeft()
    {
        using var cluster = new MockCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        cluster.CreateTopic("lagged", 2);
        using (IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            for (int i = 0; i < 30; i++)
            {
                producer.Produce(new TopicPartition("lagged", i % 2), new Message<byte[], byte[]> { Value = [1, 2, 3] });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var lag = new ConsumerLag();
        var config = new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "lag-test",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            StatisticsIntervalMs = 100,
        };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).SetStatisticsHandler((_, json) => lag.OnStatistics(json)).Build();
        consumer.Subscribe("lagged");

        // librdkafka's consumer_lag is the high watermark minus the committed offset: commit 10 of partition 0's 15
        // records and none of partition 1's, then let statistics arrive.
        var clock = Stopwatch.StartNew();
        bool committed = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            consumer.Consume(50);
            if (!committed && consumer.Assignment.Count == 2)
            {
                consumer.Commit([new TopicPartitionOffset("lagged", 0, 10), new TopicPartitionOffset("lagged", 1, 0)]);
                committed = true;
            }

            IReadOnlyList<PartitionLag> now = lag.Snapshot();
            if (committed && now.Count == 2 && now[0].Lag == 5 && now[1].Lag == 15)
            {
                break;
            }
        }

        Assert.Equal([new PartitionLag("lagged", 0, 5), new PartitionLag("lagged", 1, 15)], lag.Snapshot());
        Assert.Equal(0, lag.ParseFailures);
        consumer.Close();
    }
}
