using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>A pipeline test with the stateful stages on: its own internal topics on the mock cluster, parcels to one consignee.</summary>
internal sealed class StatefulHarness
{
    public const long Hour = 3_600_000;

    /// <summary>2026-11-18T00:00:00Z.</summary>
    public const long T0 = 1_794_960_000_000;

    private static readonly Lazy<RulePack> s_pack = new(() => RulePack.Load(DefaultRules));
    private readonly MockClusterFixture _fixture;

    public StatefulHarness(MockClusterFixture fixture, int partitions = 4, bool singleDecisionTopic = false)
    {
        _fixture = fixture;
        Partitions = partitions;
        Pipeline = new WorkerHarness(fixture, partitions, singleDecisionTopic);
        State = new StateOptions { Enabled = true, ApplicationId = "t" + Guid.NewGuid().ToString("N")[..8] };

        // Internal topics as Kafka Streams creates them: as many partitions as the input.
        fixture.Cluster.CreateTopic(State.RepartitionTopic, partitions);
        fixture.Cluster.CreateTopic(State.ChangelogTopic, partitions);
    }

    public static string DefaultRules => Path.Combine(Path.GetDirectoryName(WorkerProcess.HostDll)!, "rules", "default");

    public int Partitions { get; }

    public WorkerHarness Pipeline { get; }

    public StateOptions State { get; }

    public IDecisionWorker StartWorker()
    {
        var stateful = new StatefulProcessing(State, () => s_pack.Value);
        IDecisionWorker worker = DecisionWorkerFactory.Create(Pipeline.Options(), default(TestStage), SchemaRegistry.Default, CodecLimits.Default, WorkerHarness.FastGroupSettings(), NullLogger.Instance, stateful);
        worker.Start();
        return worker;
    }

    /// <summary>A parcel to the test consignee (spelled as given), one goods line, EUR.</summary>
    public static ManifestRecord Parcel(int n, long valueMinor, long createdAt, string consigneeName = "Jürgen Müller", string? tracking = null)
    {
        ManifestRecord m = TestManifests.Create(n, tracking ?? $"TN-STATE-{n:D5}");
        m.ManifestId = $"MF-STATE-{n:D5}";
        m.Category = Category.SaleOfGoods;
        m.CreatedAtMillis = createdAt;
        m.TotalValueMinor = valueMinor;
        m.Consignee = new PartyRecord { Name = consigneeName, AddressLine1 = "Hauptstraße 12", City = "Köln", PostalCode = "50667", CountryCode = "DE" };
        m.Items[0].ValueMinor = valueMinor;
        return m;
    }

    /// <summary>Produces one manifest to an input partition under a key that says nothing about the consignee.</summary>
    public void Produce(ManifestRecord parcel, int partition)
    {
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(_fixture.ProducerConfig()).Build();
        DeliveryResult<byte[], byte[]> result = producer.ProduceAsync(
            new TopicPartition(Pipeline.Input, partition % Partitions),
            new Message<byte[], byte[]> { Key = Guid.NewGuid().ToByteArray(), Value = ManifestEncoder.ToBytes(parcel, MessageFraming.Confluent) }).GetAwaiter().GetResult();
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
    }

    /// <summary>Waits until <paramref name="count"/> decisions of <paramref name="manifestId"/> of the given kind were published; returns every decision.</summary>
    public async Task<List<ReadDecision>> WaitForAsync(string manifestId, DecisionKind kind = DecisionKind.Initial, int count = 1, Func<string>? describe = null)
    {
        List<ReadDecision> all = [];
        await WorkerHarness.WaitUntilAsync(
            () =>
            {
                all = ReadAll();
                return all.Count(d => d.ManifestId == manifestId && d.Decision.Kind == kind) >= count;
            },
            TimeSpan.FromSeconds(60),
            () => $"{count} {kind} decision(s) of {manifestId}; have {string.Join("; ", all.Select(Describe))} {describe?.Invoke()}");
        return all;
    }

    /// <summary>
    /// Every decision on the decision topics up to their current end, read by an assigned consumer (no group join,
    /// which would cost a rebalance per read).
    /// </summary>
    public List<ReadDecision> ReadAll()
    {
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(_fixture.ConsumerConfig("reader")).Build();
        var ends = new Dictionary<TopicPartition, long>();
        foreach (string topic in Pipeline.DecisionTopics)
        {
            for (int p = 0; p < 3; p++)
            {
                var tp = new TopicPartition(topic, p);
                long high = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10)).High.Value;
                if (high > 0)
                {
                    ends[tp] = high;
                }
            }
        }

        consumer.Assign(ends.Keys.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var all = new List<ReadDecision>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (ends.Count > 0 && DateTime.UtcNow < deadline)
        {
            ConsumeResult<byte[], byte[]>? r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r is null || r.IsPartitionEOF)
            {
                continue;
            }

            // The worker may publish more (amendments) while this reads: what lies past the end taken above is left
            // for the next read, on a partition still being read or on one already done.
            if (!ends.TryGetValue(r.TopicPartition, out long end) || r.Offset.Value >= end)
            {
                continue;
            }

            var d = new CustomsDecision();
            AvroError error = DecisionReader.Read(r.Message.Value, d);
            Assert.False(error.IsError, $"decision at {r.TopicPartitionOffset} does not decode: {error}");
            all.Add(ReadDecision.Of(r.Topic, r, d));
            if (r.Offset.Value + 1 >= end)
            {
                ends.Remove(r.TopicPartition);
            }
        }

        Assert.Empty(ends);

        // In topic and offset order per partition; the order across topics does not matter to the tests.
        return all;
    }

    public static string Describe(ReadDecision d) =>
        $"{d.ManifestId} {d.Decision.Kind} {d.Decision.Outcome} {d.Decision.RiskScore:R} [{string.Join(",", Codes(d.Decision))}] related [{string.Join(",", Related(d.Decision))}]";

    public static List<string> Codes(CustomsDecision d) => [.. Enumerable.Range(0, d.ReasonCount).Select(i => Encoding.UTF8.GetString(d.ReasonCode(i)))];

    public static List<string> Related(CustomsDecision d) => [.. Enumerable.Range(0, d.RelatedCount).Select(i => Encoding.UTF8.GetString(d.Related(i)))];
}
