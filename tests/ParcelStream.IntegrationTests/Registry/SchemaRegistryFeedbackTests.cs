using System.Buffers.Binary;
using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.IntegrationTests.Feedback;
using ParcelStream.IntegrationTests.Worker;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;
using AvroSchema = Avro.Schema;
using CodecRegistry = ParcelStream.Codec.SchemaRegistry;

namespace ParcelStream.IntegrationTests.Registry;

/// <summary>
/// Inspection feedback with a Confluent Schema Registry (`parcelstream run` on the mock cluster, <see cref="TestSchemaRegistry"/>):
/// results written by an officer's tool with Confluent's AvroSerializer under a subject of its own carry an id the
/// worker never registered; the join fetches it, and counts them, waiting while the registry is down.
/// </summary>
public sealed class SchemaRegistryFeedbackTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>, IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private static readonly AvroSchema s_resultSchema = AvroSchema.Parse(CodecRegistry.EmbeddedSchemaText("inspection-result.avsc"));

    private readonly TestSchemaRegistry _registry = new();

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task Run_ResultsFromConfluentsAvroSerializerUnderTheirOwnSubject_FetchedOnceWaitedForWhileTheRegistryIsDownAndCounted()
    {
        var s = new FeedbackProcessTests.Scenario(fixture);
        const int Count = 12;
        int manifestSchemaId = _registry.Add(s.Worker.Input + "-value", CodecRegistry.EmbeddedSchemaText("parcel-manifest.avsc"));
        s.Worker.Produce(FeedbackProcessTests.Manifests(0, Count, manifestSchemaId));
        Dictionary<string, string> settings = s.Settings();
        settings["ParcelStream:SchemaRegistry:schema.registry.url"] = _registry.Url;
        settings["ParcelStream:SchemaRegistry:schema.registry.retries.wait.ms"] = "50";
        using WorkerProcess worker = WorkerProcess.Start(settings);
        List<ReadDecision> decisions = await s.DecisionsAsync(worker, Count);
        List<ReadDecision> selected = [.. decisions.Where(d => d.Decision.Outcome != Outcome.Release)];
        Assert.True(selected.Count >= Count / 2, $"{selected.Count} of {Count} held or inspected");

        // The officer's tool: Confluent's serializer, a GenericRecord of schemas/inspection-result.avsc, its own subject.
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        List<Message<byte[], byte[]>> results = await SchemaRegistryWorkerTests.ConfluentSerializedAsync(
            client,
            "officer-tool",
            s_resultSchema,
            selected.Select(d => (d.ManifestId, InspectionReportWriter.ToArray(FeedbackProcessTests.Result(d.ManifestId, found: true), MessageFraming.Raw))));
        int resultId = BinaryPrimitives.ReadInt32BigEndian(results[0].Value.AsSpan(1));
        int workerId = Assert.Single(_registry.Subjects[s.Results + "-value"]);
        Assert.True(resultId >= TestSchemaRegistry.FirstId && resultId != workerId, $"the serializer used id {resultId}, the worker registered {workerId}");
        Assert.Equal([resultId], _registry.Subjects["officer-tool-value"]);

        // Registry down at the first result of the id: the join waits (the metric says so), nothing is dead-lettered.
        _registry.GoDown();
        s.PublishRaw(results);
        string down = await WorkerHarness.WaitForAsync(() => FeedbackProcessTests.Metrics(worker), m => FeedbackProcessTests.Gauge(m, "parcelstream_schema_registry_waiting") == 1, s_timeout);
        Assert.True(FeedbackProcessTests.Gauge(down, "parcelstream_schema_registry_requests_total{outcome=\"unavailable\"}") >= 1, down);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(s.ReadAll(s.ResultsDeadLetters));

        _registry.ComeUp();
        Dictionary<FeedbackKey, EntityCounts> expected = FeedbackProcessTests.Expected(selected, _ => true);
        FeedbackTally stats = await s.StatsAsync(worker, t => expected.All(e => t.Get(e.Key) == e.Value));
        Assert.All(expected, e => Assert.Equal(e.Value, stats.Get(e.Key)));

        // An id the registry never gave, and the id of a schema that is not an inspection result: dead-lettered with the code.
        int decisionOnly = _registry.Add("other-value", CodecRegistry.EmbeddedSchemaText("customs-decision.avsc"));
        s.PublishRaw([SchemaRegistryWorkerTests.Reframed(results[0], 4242, "unknown"), SchemaRegistryWorkerTests.Reframed(results[0], decisionOnly, "mismatch")]);
        List<ConsumeResult<byte[], byte[]>> dead = await WorkerHarness.WaitForAsync(() => Task.FromResult(s.ReadAll(s.ResultsDeadLetters)), l => l.Count >= 2, s_timeout);
        Assert.Equal(
            ["mismatch=SchemaMismatch", "unknown=UnknownSchemaId"],
            dead.Select(d => $"{Encoding.UTF8.GetString(d.Message.Key)}={Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(DeadLetterHeaders.ErrorCode))}").Order());
        Assert.Single(_registry.Requests, r => r == $"GET /schemas/ids/{resultId}");
        string metrics = await FeedbackProcessTests.Metrics(worker);
        Assert.Equal(selected.Count, FeedbackProcessTests.Gauge(metrics, "parcelstream_feedback_results_total{status=\"counted\"}"));
        Assert.Equal(0, FeedbackProcessTests.Gauge(metrics, "parcelstream_schema_registry_waiting"));
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), worker.Output);
    }
}
