using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>Topics, workers and read-back for one pipeline test.</summary>
internal sealed class WorkerHarness(MockClusterFixture fixture, int inputPartitions = 4, bool singleDecisionTopic = false)
{
    public string Group { get; } = "workers-" + Guid.NewGuid().ToString("N")[..8];

    public string Input { get; } = fixture.CreateTopic("manifests", inputPartitions);

    public string Release { get; } = fixture.CreateTopic("release", 3);

    public string Hold { get; } = fixture.CreateTopic("hold", 3);

    public string Inspect { get; } = fixture.CreateTopic("inspect", 3);

    public string Decisions { get; } = fixture.CreateTopic("decisions", 3);

    public string DeadLetters { get; } = fixture.CreateTopic("dlq", 1);

    public string[] DecisionTopics => singleDecisionTopic ? [Decisions] : [Release, Hold, Inspect];

    /// <summary>librdkafka settings that make group changes fast enough for tests.</summary>
    public static Dictionary<string, string> FastGroupSettings() => new()
    {
        ["session.timeout.ms"] = "6000",
        ["heartbeat.interval.ms"] = "500",
        ["topic.metadata.refresh.interval.ms"] = "1000",
    };

    public WorkerOptions Options(int threads = 2) => new()
    {
        BootstrapServers = fixture.BootstrapServers,
        GroupId = Group,
        InputTopic = Input,
        ReleaseTopic = Release,
        HoldTopic = Hold,
        InspectTopic = Inspect,
        DecisionTopic = singleDecisionTopic ? Decisions : null,
        DeadLetterTopic = DeadLetters,
        ProcessingThreads = threads,
        CommitIntervalMs = 200,
        DrainTimeoutMs = 20_000,
    };

    /// <summary>`parcelstream run` settings for these topics (single decision topic), fast group changes, no pack watching.</summary>
    public Dictionary<string, string> ProcessSettings()
    {
        WorkerOptions o = Options();
        var settings = new Dictionary<string, string>
        {
            ["ParcelStream:Worker:BootstrapServers"] = o.BootstrapServers,
            ["ParcelStream:Worker:GroupId"] = o.GroupId,
            ["ParcelStream:Worker:InputTopic"] = o.InputTopic,
            ["ParcelStream:Worker:DecisionTopic"] = o.DecisionTopic!,
            ["ParcelStream:Worker:DeadLetterTopic"] = o.DeadLetterTopic,
            ["ParcelStream:Worker:CommitIntervalMs"] = "200",
            ["ParcelStream:Rules:WatchForChanges"] = "false",
        };
        foreach ((string key, string value) in FastGroupSettings())
        {
            settings["ParcelStream:Kafka:" + key] = value;
        }

        return settings;
    }

    public IDecisionWorker StartWorker(WorkerOptions? options = null)
    {
        IDecisionWorker worker = DecisionWorkerFactory.Create(options ?? Options(), default(TestStage), SchemaRegistry.Default, CodecLimits.Default, FastGroupSettings(), NullLogger.Instance);
        worker.Start();
        return worker;
    }

    public void Produce(IEnumerable<Message<byte[], byte[]>> messages)
    {
        List<DeliveryReport<byte[], byte[]>> reports = KafkaTestClient.ProduceAll(fixture.ProducerConfig(), Input, messages);
        Assert.All(reports, r => Assert.False(r.Error.IsError, r.Error.Reason));
    }

    /// <summary>Reads every decision record from the decision topics until <paramref name="expected"/> arrived (or the deadline).</summary>
    public List<ReadDecision> ReadDecisions(int expected, TimeSpan? timeout = null)
    {
        var all = new List<ReadDecision>();
        foreach (string topic in DecisionTopics)
        {
            // Read each topic to its end: the expected total is spread over the topics.
            foreach (ConsumeResult<byte[], byte[]> r in ConsumeToEnd(topic, expected, timeout))
            {
                var d = new CustomsDecision();
                AvroError error = DecisionReader.Read(r.Message.Value, d);
                Assert.False(error.IsError, $"decision at {r.TopicPartitionOffset} does not decode: {error}");
                all.Add(ReadDecision.Of(topic, r, d));
            }
        }

        return all;
    }

    public List<ConsumeResult<byte[], byte[]>> ReadDeadLetters(int expected) => ConsumeToEnd(DeadLetters, expected, null);

    /// <summary>Committed offset of the group per input partition.</summary>
    public Dictionary<int, long> CommittedOffsets()
    {
        using IConsumer<byte[], byte[]> c = new ConsumerBuilder<byte[], byte[]>(fixture.ConsumerConfig(Group)).Build();
        var partitions = Enumerable.Range(0, inputPartitions).Select(p => new TopicPartition(Input, p));
        return c.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(o => o.Partition.Value, o => o.Offset.Value);
    }

    /// <summary>High watermark per input partition.</summary>
    public Dictionary<int, long> EndOffsets()
    {
        using IConsumer<byte[], byte[]> c = new ConsumerBuilder<byte[], byte[]>(fixture.ConsumerConfig(Group + "-probe")).Build();
        return Enumerable.Range(0, inputPartitions).ToDictionary(p => p, p => c.QueryWatermarkOffsets(new TopicPartition(Input, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Reads a topic to its end.</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadTopic(string topic, TimeSpan timeout) => ConsumeToEnd(topic, int.MaxValue, timeout);

    /// <summary>Reads something again and again until it satisfies <paramref name="done"/>; returns it, or fails the test at the deadline with the last value read.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            T value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(clock.Elapsed < timeout, $"Timed out after {timeout.TotalSeconds:0}s; last read: {value}");
            await Task.Delay(200);
        }
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"Timed out after {timeout.TotalSeconds:0}s: {describe()}");
            await Task.Delay(50);
        }
    }

    private List<ConsumeResult<byte[], byte[]>> ConsumeToEnd(string topic, int atMost, TimeSpan? timeout)
    {
        ConsumerConfig config = fixture.ConsumerConfig("reader-" + Guid.NewGuid().ToString("N")[..8]);
        config.EnablePartitionEof = true;
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var eof = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(30);
        int partitions = -1;
        while (clock.Elapsed < limit && results.Count < atMost)
        {
            ConsumeResult<byte[], byte[]>? r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (partitions < 0 && consumer.Assignment.Count > 0)
            {
                partitions = consumer.Assignment.Count;
            }

            if (r is null)
            {
                continue;
            }

            if (r.IsPartitionEOF)
            {
                eof.Add(r.Partition.Value);
                if (partitions > 0 && eof.Count >= partitions)
                {
                    break;
                }

                continue;
            }

            eof.Remove(r.Partition.Value);
            results.Add(r);
        }

        consumer.Close();
        return results;
    }
}

/// <summary>A decision record read back from a topic.</summary>
internal sealed record ReadDecision(string Topic, int Partition, long Offset, string Key, CustomsDecision Decision, Headers Headers, long TimestampMillis)
{
    /// <summary>The record <paramref name="r"/> of <paramref name="topic"/>, decoded into <paramref name="decision"/>.</summary>
    public static ReadDecision Of(string topic, ConsumeResult<byte[], byte[]> r, CustomsDecision decision) =>
        new(topic, r.Partition.Value, r.Offset.Value, Encoding.UTF8.GetString(r.Message.Key), decision, r.Message.Headers, r.Message.Timestamp.UnixTimestampMs);

    public string ManifestId => Encoding.UTF8.GetString(Decision.ManifestId);
}
