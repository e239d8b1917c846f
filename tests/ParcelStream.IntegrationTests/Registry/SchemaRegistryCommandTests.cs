using System.Buffers.Binary;
using System.Text.Json;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using CodecRegistry = ParcelStream.Codec.SchemaRegistry;

namespace ParcelStream.IntegrationTests.Registry;

/// <summary>`decisions tail` and `inspections publish` with a Confluent Schema Registry (<see cref="TestSchemaRegistry"/>): the registry's ids.</summary>
public sealed class SchemaRegistryCommandTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly TestSchemaRegistry _registry = new();

    public void Dispose() => _registry.Dispose();

    [Fact]
    public void Tail_WithSchemaRegistryUrl_PrintsDecisionsOfTheRegistryIdAndReportsIdsOfOtherOrUnknownSchemas()
    {
        string topic = fixture.CreateTopic("tail-registry", 1);
        int decisionId = _registry.Add(topic + "-value", CodecRegistry.EmbeddedSchemaText("customs-decision.avsc"));
        int manifestId = _registry.Add("manifests-value", CodecRegistry.EmbeddedSchemaText("parcel-manifest.avsc"));
        Message<byte[], byte[]> held = DecisionsTailTests.Decision("MF-R-1", Outcome.Hold, Referral.DocumentaryCheck, MessageFraming.Confluent, decisionId);
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), topic,
        [
            held,
            DecisionsTailTests.Decision("MF-R-2", Outcome.Inspect, Referral.PhysicalExamination, MessageFraming.Confluent, decisionId),
            SchemaRegistryWorkerTests.Reframed(held, manifestId, "manifest-id"),
            SchemaRegistryWorkerTests.Reframed(held, 4242, "unknown-id"),
        ]);

        using HostProcess tail = HostProcess.Start("decisions", "tail", "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic, "--from-beginning", "--schema-registry-url", _registry.Url);

        Assert.True(tail.WaitForExit(s_timeout), "tail did not stop at the topic's end:\n" + tail.StandardError);
        Assert.True(tail.ExitCode == 0, tail.StandardError);
        Assert.True(decisionId >= TestSchemaRegistry.FirstId, $"id {decisionId}");
        List<JsonElement> lines = [.. tail.StandardOutput.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["MF-R-1", "MF-R-2"], lines.Select(l => l.GetProperty("manifestId").GetString()));
        Assert.Contains($"{topic} [[0]] @2 is not a decision (schema id {manifestId} is parcelstream.v1.ParcelManifest, not a decision schema)", tail.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{topic} [[0]] @3 is not a decision (schema id 4242 is not in the schema registry at {_registry.Url}", tail.StandardError, StringComparison.Ordinal);
        Assert.Single(_registry.Requests, r => r == $"GET /schemas/ids/{decisionId}");
    }

    [Fact]
    public void Tail_SchemaRegistryPropertyNotKeyValue_ExitsTwoNamingIt()
    {
        using HostProcess tail = HostProcess.Start("decisions", "tail", "--bootstrap-servers", fixture.BootstrapServers, "--schema-registry-url", _registry.Url, "--schema-registry-property", "schema.registry.basic.auth.user.info");

        Assert.True(tail.WaitForExit(s_timeout), tail.StandardError);
        Assert.Equal(2, tail.ExitCode);
        Assert.Contains("--schema-registry-property 'schema.registry.basic.auth.user.info' is not KEY=VALUE", tail.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_WithSchemaRegistryUrl_RegistersTheResultSchemaUnderTheTopicsSubjectAndSendsItsId()
    {
        string topic = fixture.CreateTopic("results-registry", partitions: 1);
        string file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-results.csv");
        File.WriteAllText(file, "manifestId,result\nMF-1,FOUND\nMF-2,CLEAN\n");
        try
        {
            using HostProcess publish = HostProcess.Start("inspections", "publish", "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic, "--file", file, "--inspector", "analyst-1", "--schema-registry-url", _registry.Url);
            Assert.True(publish.WaitForExit(s_timeout), "publish did not finish");
            Assert.True(publish.ExitCode == 0, $"exit {publish.ExitCode}: {publish.StandardError}");

            int id = Assert.Single(_registry.Subjects[topic + "-value"]);
            Assert.True(id >= TestSchemaRegistry.FirstId, $"id {id}");
            Assert.Contains(publish.StandardOutput, l => l.EndsWith($"(schema id {id})", StringComparison.Ordinal));
            List<ConsumeResult<byte[], byte[]>> records = KafkaTestClient.ConsumeAll(fixture.ConsumerConfig($"g-{Guid.NewGuid():N}"), topic, 2);
            var codec = new CodecRegistry([new RegisteredSchema(id, CodecRegistry.InspectionResultSchema, "test")]);
            Assert.All(records, r =>
            {
                Assert.Equal(id, BinaryPrimitives.ReadInt32BigEndian(r.Message.Value.AsSpan(1)));
                Assert.False(InspectionReportReader.Read(r.Message.Value, codec, out _).IsError);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
