using System.Buffers;
using System.Text.Json;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.DevTools.Generation;
using ParcelStream.DevTools.Mock;

namespace ParcelStream.IntegrationTests;

/// <summary>`parcelstream replay --topic`: a Kafka topic range on the mock cluster, replayed by the host process.</summary>
public sealed class ReplayTopicRangeTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private const int Partitions = 3;
    private const int ConfluentHeader = 5;
    private static readonly TimeSpan s_replayTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void Replay_TopicRange_DecidesExactlyThatRangeInPartitionOffsetOrderAsTheSameManifestsFromAFile()
    {
        string topic = fixture.CreateTopic("replay-range", Partitions);
        List<Published> published = Publish(topic, count: 240);

        // Partition 0 from offset 10 up to 60, partition 2 from offset 5 to its end; partition 1 left out.
        List<Published> expected = [.. published
            .Where(m => (m.Partition == 0 && m.Offset is >= 10 and < 60) || (m.Partition == 2 && m.Offset >= 5))
            .OrderBy(m => m.Partition).ThenBy(m => m.Offset)];
        string directory = Directory.CreateTempSubdirectory("replay-range-").FullName;
        try
        {
            string file = Path.Combine(directory, "same.avro");
            using (AvroContainerWriter writer = AvroContainerFile.Create(file, AvroContainerManifests.ManifestSchemaJson, new AvroContainerWriterOptions { Codec = AvroContainerCodec.Deflate, BlockBytes = 4096 }))
            {
                foreach (Published m in expected)
                {
                    writer.WriteDatum(m.Value.AsSpan(ConfluentHeader));
                }
            }

            fixture.Cluster.ClearRequests();
            fixture.Cluster.StartRequestTracking();
            string kafkaOut = Path.Combine(directory, "kafka.jsonl");
            (int kafkaExit, string kafkaError) = Replay(
                "--topic", topic, "--bootstrap-servers", fixture.BootstrapServers, "--partition", "0,2",
                "--from-offset", "0:10", "--from-offset", "2:5", "--to-offset", "0:60", "--out", kafkaOut, "--threads", "2");
            IReadOnlyList<MockRequest> requests = fixture.Cluster.GetRequests();
            fixture.Cluster.StopRequestTracking();
            string fileOut = Path.Combine(directory, "file.jsonl");
            (int fileExit, string fileError) = Replay(file, "--out", fileOut, "--threads", "2");

            Assert.True(kafkaExit == 0, $"replay --topic exited {kafkaExit}: {kafkaError}");
            Assert.True(fileExit == 0, $"replay FILE exited {fileExit}: {fileError}");
            string[] fromKafka = File.ReadAllLines(kafkaOut);
            string[] fromFile = File.ReadAllLines(fileOut);
            Assert.Equal(expected.Count, fromKafka.Length);
            Assert.Equal(expected.Count, fromFile.Length);
            for (int i = 0; i < expected.Count; i++)
            {
                using JsonDocument decision = JsonDocument.Parse(fromKafka[i]);
                JsonElement source = decision.RootElement.GetProperty("source");
                Assert.Equal((topic, expected[i].Partition, expected[i].Offset), (source.GetProperty("topic").GetString(), source.GetProperty("partition").GetInt32(), source.GetProperty("offset").GetInt64()));
                Assert.Equal(expected[i].ManifestId, decision.RootElement.GetProperty("manifestId").GetString());

                // Everything but the source (topic, partition, offset against file name and record) is byte for byte the file's.
                Assert.Equal(WithoutSource(fromFile[i]), WithoutSource(fromKafka[i]));
            }

            // Replay assigns partitions itself: it must not join, heartbeat or commit to any group (the live one included).
            Assert.DoesNotContain(requests, r => r.ApiKey is KafkaApiKey.JoinGroup or KafkaApiKey.SyncGroup or KafkaApiKey.Heartbeat or KafkaApiKey.OffsetCommit or KafkaApiKey.ConsumerGroupHeartbeat);
            Assert.Contains(requests, r => r.ApiKey == KafkaApiKey.Fetch);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Replay_TopicRangeTwice_WritesIdenticalDecisions()
    {
        string topic = fixture.CreateTopic("replay-twice", Partitions);
        Publish(topic, count: 150);
        string directory = Directory.CreateTempSubdirectory("replay-twice-").FullName;
        try
        {
            string[] outputs = [Path.Combine(directory, "a.jsonl"), Path.Combine(directory, "b.jsonl")];
            foreach ((string output, string threads) in outputs.Zip(["1", "2"]))
            {
                (int exit, string error) = Replay("--topic", topic, "--bootstrap-servers", fixture.BootstrapServers, "--out", output, "--threads", threads);
                Assert.True(exit == 0, $"replay exited {exit}: {error}");
            }

            Assert.Equal(150, File.ReadAllLines(outputs[0]).Length);
            Assert.Equal(File.ReadAllBytes(outputs[0]), File.ReadAllBytes(outputs[1]));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("--partition", "7", "partition 7 does not exist", 1)]
    [InlineData("--from-offset", "x", "--from-offset x: not an offset", 2)]
    [InlineData("--to-time", "yesterday", "--to-time yesterday: not a time", 2)]
    public void Replay_BadTopicRange_FailsWithAClearMessage(string option, string value, string message, int exitCode)
    {
        string topic = fixture.CreateTopic("replay-bad", Partitions);
        (int exit, string error) = Replay("--topic", topic, "--bootstrap-servers", fixture.BootstrapServers, option, value);

        Assert.Equal(exitCode, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static string WithoutSource(string line) => line[..line.IndexOf(",\"source\":", StringComparison.Ordinal)];

    private static (int ExitCode, string StandardError) Replay(params string[] arguments)
    {
        using HostProcess replay = HostProcess.Start(["replay", .. arguments]);
        Assert.True(replay.WaitForExit(s_replayTimeout), $"replay did not finish: {replay.StandardError}");
        return (replay.ExitCode, replay.StandardError);
    }

    /// <summary>Produces <paramref name="count"/> decodable generated manifests, message i to partition i mod 3, and returns where each landed.</summary>
    private List<Published> Publish(string topic, int count)
    {
        var generator = new ManifestGenerator(new GeneratorOptions { Seed = 21, UseRulePackWatchLists = false });
        var buffer = new ArrayBufferWriter<byte>();
        var published = new List<Published>(count);
        using IProducer<Null, byte[]> producer = new ProducerBuilder<Null, byte[]>(fixture.ProducerConfig()).Build();
        int sent = 0;
        while (sent < count)
        {
            buffer.ResetWrittenCount();
            GeneratedMessage message = generator.NextMessage(buffer, MessageFraming.Confluent);
            if (message.Kind == ManifestKind.Undecodable)
            {
                continue;
            }

            byte[] value = buffer.WrittenSpan.ToArray();
            string manifestId = message.Record.ManifestId;
            producer.Produce(new TopicPartition(topic, sent % Partitions), new Message<Null, byte[]> { Value = value }, report =>
            {
                Assert.False(report.Error.IsError, report.Error.Reason);
                lock (published)
                {
                    published.Add(new Published(report.Partition.Value, report.Offset.Value, manifestId, value));
                }
            });
            sent++;
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        Assert.Equal(count, published.Count);
        return published;
    }

    private sealed record Published(int Partition, long Offset, string ManifestId, byte[] Value);
}
