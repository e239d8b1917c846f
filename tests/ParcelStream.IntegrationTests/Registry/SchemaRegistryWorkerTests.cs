using System.Buffers.Binary;
using System.Text;
using Avro.Generic;
using Avro.IO;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.IntegrationTests.Worker;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;
using AvroSchema = Avro.Schema;
using CodecRegistry = ParcelStream.Codec.SchemaRegistry;

namespace ParcelStream.IntegrationTests.Registry;

/// <summary>
/// The worker with a Confluent Schema Registry, against the librdkafka mock cluster: manifests written by Confluent's own
/// AvroSerializer (ids the registry gives, from 100) are decided, and the decisions read back with Confluent's
/// AvroDeserializer. The registry is <see cref="TestSchemaRegistry"/> (no registry server can run on these machines).
/// </summary>
public sealed class SchemaRegistryWorkerTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>, IDisposable
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);
    private static readonly AvroSchema s_manifestSchema = AvroSchema.Parse(CodecRegistry.EmbeddedSchemaText("parcel-manifest.avsc"));

    private readonly TestSchemaRegistry _registry = new();

    public void Dispose() => _registry.Dispose();

    [Fact]
    public async Task Run_ManifestsFromConfluentsAvroSerializer_DecidedAndReadBackWithConfluentsAvroDeserializer()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2);
        const int Count = 200;
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        List<Message<byte[], byte[]>> manifests = await SerializeAsync(client, h.Input, Count);
        int manifestId = BinaryPrimitives.ReadInt32BigEndian(manifests[0].Value.AsSpan(1));
        Assert.True(manifestId >= TestSchemaRegistry.FirstId, $"the serializer used id {manifestId}");

        // Two messages the registry cannot serve: an id it never gave, and the id of a schema that is not a manifest.
        int decisionOnly = _registry.Add("other-value", CodecRegistry.EmbeddedSchemaText("customs-decision.avsc"));
        manifests.Add(Reframed(manifests[0], 4242, "unknown"));
        manifests.Add(Reframed(manifests[0], decisionOnly, "mismatch"));
        h.Produce(manifests);

        using RegistrySchemas schemas = Schemas();
        WorkerOptions options = h.Options();
        options.DecisionSchemaId = await schemas.RegisterAsync(SchemaFiles.Decision, h.DecisionTopics, CancellationToken.None);
        using IDecisionWorker worker = DecisionWorkerFactory.Create(options, default(TestStage), schemas.Codec, CodecLimits.Default, WorkerHarness.FastGroupSettings(), NullLogger.Instance, schemas: schemas);
        worker.Start();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count + 2, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();

        Assert.True(options.DecisionSchemaId >= TestSchemaRegistry.FirstId && options.DecisionSchemaId != manifestId);
        Assert.All(h.DecisionTopics, t => Assert.Equal([options.DecisionSchemaId], _registry.Subjects[t + "-value"]));
        var deserializer = new AvroDeserializer<GenericRecord>(client);
        var decided = new List<GenericRecord>();
        foreach (string topic in h.DecisionTopics)
        {
            foreach (ConsumeResult<byte[], byte[]> r in h.ReadTopic(topic, TimeSpan.FromSeconds(20)))
            {
                Assert.Equal(options.DecisionSchemaId, BinaryPrimitives.ReadInt32BigEndian(r.Message.Value.AsSpan(1)));
                GenericRecord decision = await deserializer.DeserializeAsync(r.Message.Value, isNull: false, new SerializationContext(MessageComponentType.Value, topic));
                Assert.Equal(topic, ((GenericEnum)decision["outcome"]).Value switch { "INSPECT" => h.Inspect, "HOLD" => h.Hold, _ => h.Release });
                decided.Add(decision);
            }
        }

        Assert.Equal(Count, decided.Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => TestManifests.Create(i, "x").ManifestId).Order(), decided.Select(d => (string)d["manifestId"]).Order());
        List<ConsumeResult<byte[], byte[]>> dead = h.ReadDeadLetters(10);
        Assert.Equal(
            ["mismatch=SchemaMismatch", "unknown=UnknownSchemaId"],
            dead.Select(d => $"{Encoding.UTF8.GetString(d.Message.Key)}={Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(DeadLetterHeaders.ErrorCode))}").Order());
        Assert.Single(_registry.Requests, r => r == $"GET /schemas/ids/{manifestId}");
        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    [Fact]
    public async Task Run_RegistryDownAtTheFirstMessageOfASchema_MessagesWaitAndAreDecidedWhenItIsBack()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        const int Count = 20;
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        h.Produce(await SerializeAsync(client, h.Input, Count));
        using RegistrySchemas schemas = Schemas();
        WorkerOptions options = h.Options(threads: 1);
        options.DecisionSchemaId = await schemas.RegisterAsync(SchemaFiles.Decision, h.DecisionTopics, CancellationToken.None);
        _registry.GoDown();

        using IDecisionWorker worker = DecisionWorkerFactory.Create(options, default(TestStage), schemas.Codec, CodecLimits.Default, WorkerHarness.FastGroupSettings(), NullLogger.Instance, schemas: schemas);
        worker.Start();
        await WorkerHarness.WaitUntilAsync(() => schemas.Waiting == 1, s_runTimeout, () => "the lane never waited for the registry");
        await Task.Delay(1_000);
        Assert.Equal(0, worker.Counters.Acknowledged);
        Assert.Equal(0, worker.Counters.DeadLettered);

        _registry.ComeUp();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();

        Assert.Equal(Count, h.ReadDecisions(Count + 10).Count);
        Assert.Empty(h.ReadDeadLetters(1));
        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    [Fact]
    public async Task Stop_RegistryDownAtTheFirstMessageOfASchema_StopsPromptlyAndCommitsNothingOfIt()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        h.Produce(await SerializeAsync(client, h.Input, 5));
        using RegistrySchemas schemas = Schemas();
        WorkerOptions options = h.Options(threads: 1);
        _registry.GoDown();

        using IDecisionWorker worker = DecisionWorkerFactory.Create(options, default(TestStage), schemas.Codec, CodecLimits.Default, WorkerHarness.FastGroupSettings(), NullLogger.Instance, schemas: schemas);
        worker.Start();
        await WorkerHarness.WaitUntilAsync(() => schemas.Waiting == 1, s_runTimeout, () => "the lane never waited for the registry");
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await worker.StopAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromMilliseconds(options.DrainTimeoutMs), $"stopping took {stopping.Elapsed}");
        Assert.Equal(0, worker.Counters.Acknowledged);
        Assert.Empty(h.ReadDeadLetters(1));
        Assert.All(h.CommittedOffsets().Values, offset => Assert.True(offset <= 0, $"committed {offset}"));
    }

    [Fact]
    public async Task Run_HostWithARegistry_RegistersTheDecisionSchemaAndDecisionsCarryItsId()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        const int Count = 20;
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        h.Produce(await SerializeAsync(client, h.Input, Count));
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:SchemaRegistry:schema.registry.url"] = _registry.Url;
        settings["ParcelStream:SchemaRegistry:schema.registry.value.subject.name.strategy"] = "Record";

        using WorkerProcess process = WorkerProcess.Start(settings);
        List<ConsumeResult<byte[], byte[]>> decisions = [];
        await WorkerHarness.WaitUntilAsync(() => process.HasExited || (decisions = h.ReadTopic(h.Decisions, TimeSpan.FromSeconds(2))).Count >= Count, TimeSpan.FromSeconds(90), () => process.Output);
        Assert.True(process.Terminate(TimeSpan.FromSeconds(30)), process.Output);

        int id = Assert.Single(_registry.Subjects["parcelstream.v1.CustomsDecision"]);
        Assert.Contains("parcelstream.v1.InspectionResult", _registry.Subjects.Keys);
        Assert.All(decisions, d => Assert.Equal(id, BinaryPrimitives.ReadInt32BigEndian(d.Message.Value.AsSpan(1))));
        var deserializer = new AvroDeserializer<GenericRecord>(client);
        GenericRecord first = await deserializer.DeserializeAsync(decisions[0].Message.Value, isNull: false, new SerializationContext(MessageComponentType.Value, h.Decisions));
        Assert.StartsWith("MF-", (string)first["manifestId"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RegistryRefusesTheDecisionSchema_StopsWithOneLineNamingSubjectAndCompatibility()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        _registry.RefuseAsIncompatible(h.Decisions + "-value");
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:SchemaRegistry:schema.registry.url"] = _registry.Url;

        using WorkerProcess process = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => process.HasExited, TimeSpan.FromSeconds(60), () => process.Output);

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains($"'{h.Decisions}-value' is incompatible", process.Output, StringComparison.Ordinal);
        Assert.Contains("compatibility BACKWARD", process.Output, StringComparison.Ordinal);
    }

    private RegistrySchemas Schemas() => new(
        SchemaRegistrySettings.FromProperties(new Dictionary<string, string> { ["schema.registry.url"] = _registry.Url, ["schema.registry.retries.wait.ms"] = "50" }),
        CodecRegistry.Default.WithoutIds(),
        NullLogger.Instance);

    /// <summary>
    /// Test manifests as Confluent's AvroSerializer writes them: each made a GenericRecord of schemas/parcel-manifest.avsc
    /// (read back by Apache.Avro from ParcelStream's raw encoding) and serialized, auto-registering under the topic's subject.
    /// </summary>
    private static Task<List<Message<byte[], byte[]>>> SerializeAsync(ISchemaRegistryClient client, string topic, int count) =>
        ConfluentSerializedAsync(client, topic, s_manifestSchema, Enumerable.Range(0, count).Select(i =>
        {
            string tracking = "TN" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            return (tracking, ManifestEncoder.ToBytes(TestManifests.Create(i, tracking), MessageFraming.Raw));
        }));

    /// <summary>
    /// Raw Avro datums of <paramref name="schema"/> as Confluent's AvroSerializer writes them: each read into a
    /// GenericRecord by Apache.Avro and serialized under <paramref name="topic"/>'s subject (auto-registered).
    /// </summary>
    internal static async Task<List<Message<byte[], byte[]>>> ConfluentSerializedAsync(ISchemaRegistryClient client, string topic, AvroSchema schema, IEnumerable<(string Key, byte[] Raw)> datums)
    {
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = true });
        var reader = new GenericDatumReader<GenericRecord>(schema, schema);
        var messages = new List<Message<byte[], byte[]>>();
        foreach ((string key, byte[] raw) in datums)
        {
            GenericRecord record = reader.Read(null!, new BinaryDecoder(new MemoryStream(raw)));
            byte[] value = await serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, topic));
            messages.Add(new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value });
        }

        return messages;
    }

    /// <summary>The same datum under another schema id, keyed <paramref name="key"/>.</summary>
    internal static Message<byte[], byte[]> Reframed(Message<byte[], byte[]> message, int schemaId, string key)
    {
        byte[] value = [.. message.Value];
        BinaryPrimitives.WriteInt32BigEndian(value.AsSpan(1), schemaId);
        return new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value };
    }
}
