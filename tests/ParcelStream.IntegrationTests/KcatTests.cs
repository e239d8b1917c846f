using System.Buffers;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.IntegrationTests.Worker;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.IntegrationTests;

/// <summary>kcat (C, librdkafka) as an independent client of the mock cluster, both ways.</summary>
public sealed class KcatTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    [Fact]
    public void KcatProducer_LinesFromAFile_OurConsumerReadsEachOnceWithItsKey()
    {
        string topic = fixture.CreateTopic("kcat-in", partitions: 3);
        string[] lines = [.. Enumerable.Range(0, 500).Select(i => $"parcel-{i % 23}:manifest {i} Müller ✓")];
        string file = Path.Combine(Path.GetTempPath(), $"kcat-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, lines);
        try
        {
            Kcat.Run(["-b", fixture.BootstrapServers, "-P", "-t", topic, "-K", ":", "-l", file]);
        }
        finally
        {
            File.Delete(file);
        }

        List<ConsumeResult<byte[], byte[]>> consumed = KafkaTestClient.ConsumeAll(fixture.ConsumerConfig($"g-{topic}"), topic, lines.Length);

        Assert.Equal(lines.Order(StringComparer.Ordinal), consumed.Select(c => $"{Encoding.UTF8.GetString(c.Message.Key)}:{Encoding.UTF8.GetString(c.Message.Value)}").Order(StringComparer.Ordinal));
        Assert.All(consumed.GroupBy(c => Encoding.UTF8.GetString(c.Message.Key)), key => Assert.Single(key.Select(c => c.Partition.Value).Distinct()));
    }

    [Fact]
    public void OurProducer_KeyedMessages_KcatReadsKeysOffsetsAndValuesInOrder()
    {
        string topic = fixture.CreateTopic("kcat-out", partitions: 1);
        var messages = Enumerable.Range(0, 300).Select(i => new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"RR{i:D8}5CN"), Value = Encoding.UTF8.GetBytes($"value {i}") }).ToList();
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), topic, messages);

        string output = Encoding.UTF8.GetString(Kcat.Run(["-b", fixture.BootstrapServers, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k %o %s\n"]));

        string[] expected = [.. Enumerable.Range(0, 300).Select(i => $"RR{i:D8}5CN {i} value {i}")];
        Assert.Equal(expected, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(MessageFraming.Confluent)]
    [InlineData(MessageFraming.SingleObject)]
    [InlineData(MessageFraming.Raw)]
    public void Publish_GeneratedManifests_KcatReadsThemAndTheyDecodeExceptTheUndecodable(MessageFraming framing)
    {
        string topic = fixture.CreateTopic($"generated-{framing}".ToLowerInvariant(), partitions: 3);
        const int Count = 2_000;
        var options = new GeneratorOptions { Seed = 5, UseRulePackWatchLists = false }.WithRiskyShare(0.4);
        var publisher = new ManifestPublisher(ManifestPublisher.ThroughputConfig(fixture.BootstrapServers));

        PublishSummary summary = publisher.Publish(new ManifestGenerator(options), topic, Count, rate: 0, framing, MessageKey.TrackingNumber);
        byte[] output = Kcat.Run(["-b", fixture.BootstrapServers, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%S %s"]);

        Assert.Equal((Count, Count, 0L), (summary.Produced, summary.Delivered, summary.Failed));
        List<byte[]> payloads = Kcat.SplitSized(output);
        Assert.Equal(Count, payloads.Count);

        // The same generator, replayed, says which messages are undecodable: every other one must decode.
        var replay = new ManifestGenerator(options);
        var buffer = new ArrayBufferWriter<byte>();
        var expected = new Dictionary<string, ManifestKind>(StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
        {
            buffer.ResetWrittenCount();
            GeneratedMessage m = replay.NextMessage(buffer, framing);
            expected[Convert.ToHexString(buffer.WrittenSpan)] = m.Kind;
        }

        var decoder = new ManifestDecoder(SchemaRegistry.Default, framing: framing);
        var view = new ManifestView();
        int undecodable = 0;
        foreach (byte[] payload in payloads)
        {
            ManifestKind kind = expected[Convert.ToHexString(payload)];
            AvroError error = decoder.Decode(payload, 0, payload.Length, view);
            Assert.Equal(kind == ManifestKind.Undecodable, error.IsError);
            undecodable += kind == ManifestKind.Undecodable ? 1 : 0;
        }

        Assert.Equal(summary.ByKind.GetValueOrDefault(ManifestKind.Undecodable), undecodable);
    }
}
