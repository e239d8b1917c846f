using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.IntegrationTests.Registry;
using ParcelStream.Pipeline.Schemas;

namespace ParcelStream.Pipeline.Tests.Schemas;

/// <summary>
/// Confluent.SchemaRegistry's client against the in-test registry (<see cref="TestSchemaRegistry"/>, the REST subset
/// it calls): an unknown id, an incompatible schema and a registry that is down each have a defined outcome.
/// </summary>
public sealed class RegistrySchemasTests : IDisposable
{
    private const string Subject = "parcels.manifests-value";

    private readonly TestSchemaRegistry _registry = new();
    private readonly FakeTimeProvider _clock = new();

    public void Dispose() => _registry.Dispose();

    [Fact]
    public void ResolveManifestWriter_ManifestSchemaOfTheRegistry_DecodesAndIsFetchedOnce()
    {
        int id = _registry.Add(Subject, SchemaRegistry.EmbeddedSchemaText("parcel-manifest.avsc"));
        using RegistrySchemas schemas = Create();
        var decoder = new ManifestDecoder(schemas.Codec);

        Assert.Equal(SchemaResolution.Resolved, schemas.ResolveManifestWriter(id, decoder, CancellationToken.None));
        Assert.Equal(SchemaResolution.Resolved, schemas.ResolveManifestWriter(id, decoder, CancellationToken.None));

        var view = new ManifestView();
        byte[] message = ManifestEncoder.ToBytes(Manifest(), MessageFraming.Confluent, id);
        Assert.False(decoder.Decode(message, view).IsError);
        Assert.Equal(id, view.SchemaId);
        Assert.Single(_registry.Requests, r => r == $"GET /schemas/ids/{id}");
    }

    [Fact]
    public void ResolveManifestWriter_IdTheRegistryDoesNotKnow_UnknownAndAskedAgainOnlyAfterTheRecheck()
    {
        using RegistrySchemas schemas = Create();
        var decoder = new ManifestDecoder(schemas.Codec);

        Assert.Equal(SchemaResolution.Unknown, schemas.ResolveManifestWriter(4242, decoder, CancellationToken.None));
        Assert.Equal(SchemaResolution.Unknown, schemas.ResolveManifestWriter(4242, decoder, CancellationToken.None));
        Assert.Single(_registry.Requests, r => r == "GET /schemas/ids/4242");

        _clock.Advance(RegistrySchemas.UnknownIdRecheck);
        Assert.Equal(SchemaResolution.Unknown, schemas.ResolveManifestWriter(4242, decoder, CancellationToken.None));
        Assert.Equal(2, _registry.Requests.Count(r => r == "GET /schemas/ids/4242"));
    }

    [Theory]
    [InlineData("customs-decision.avsc", null)]
    [InlineData("""{"type": "record", "name": "ParcelManifest", "namespace": "parcelstream.v1", "fields": [{"name": "manifestId", "type": "long"}]}""", null)]
    [InlineData("""{"type": "object"}""", "JSON")]
    public void ResolveManifestWriter_SchemaNotReadableAsAManifest_IncompatibleAndNotAskedAgain(string schema, string? schemaType)
    {
        int id = _registry.Add("other-value", schema.EndsWith(".avsc", StringComparison.Ordinal) ? SchemaRegistry.EmbeddedSchemaText(schema) : schema, schemaType);
        using RegistrySchemas schemas = Create();
        var decoder = new ManifestDecoder(schemas.Codec);

        Assert.Equal(SchemaResolution.Incompatible, schemas.ResolveManifestWriter(id, decoder, CancellationToken.None));
        Assert.Equal(SchemaResolution.Incompatible, schemas.ResolveManifestWriter(id, decoder, CancellationToken.None));

        Assert.False(decoder.KnowsSchemaId(id));
        Assert.Single(_registry.Requests, r => r == $"GET /schemas/ids/{id}");
    }

    [Fact]
    public async Task ResolveManifestWriter_RegistryDown_WaitsAndResolvesWhenItComesBack()
    {
        int id = _registry.Add(Subject, SchemaRegistry.EmbeddedSchemaText("parcel-manifest.avsc"));
        using RegistrySchemas schemas = Create();
        var decoder = new ManifestDecoder(schemas.Codec);
        _registry.GoDown();

        Task<SchemaResolution> resolving = Task.Run(() => schemas.ResolveManifestWriter(id, decoder, CancellationToken.None));
        await WaitUntilAsync(() => schemas.Waiting == 1);
        Assert.False(resolving.IsCompleted);
        _registry.ComeUp();

        Assert.Equal(SchemaResolution.Resolved, await resolving.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, schemas.Waiting);
        Assert.True(decoder.KnowsSchemaId(id));
    }

    [Fact]
    public async Task ResolveManifestWriter_RegistryDownAndStopping_StoppedWithoutAnAnswer()
    {
        using RegistrySchemas schemas = Create();
        var decoder = new ManifestDecoder(schemas.Codec);
        _registry.GoDown();
        using var stop = new CancellationTokenSource();

        Task<SchemaResolution> resolving = Task.Run(() => schemas.ResolveManifestWriter(100, decoder, stop.Token));
        await WaitUntilAsync(() => schemas.Waiting == 1);
        await stop.CancelAsync();

        Assert.Equal(SchemaResolution.Stopped, await resolving.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("Topic", new[] { "release", "hold" }, new[] { "release-value", "hold-value" })]
    [InlineData("Record", new[] { "release", "hold" }, new[] { "parcelstream.v1.CustomsDecision" })]
    [InlineData("TopicRecord", new[] { "decisions" }, new[] { "decisions-parcelstream.v1.CustomsDecision" })]
    public async Task RegisterAsync_SubjectNameStrategy_RegisteredUnderItsSubjectsWithOneId(string strategy, string[] topics, string[] subjects)
    {
        using RegistrySchemas schemas = Create(("schema.registry.value.subject.name.strategy", strategy));

        int id = await schemas.RegisterAsync("customs-decision.avsc", topics, CancellationToken.None);

        Assert.True(id >= TestSchemaRegistry.FirstId);
        Assert.Equal(subjects.Order(), _registry.Subjects.Keys.Order());
        Assert.All(_registry.Subjects.Values, ids => Assert.Equal([id], ids));
        Assert.True(schemas.Codec.TryGetById(id, out RegisteredSchema registered));
        Assert.Equal(SchemaRegistry.DecisionSchema.Fingerprint(), registered.Fingerprint);
    }

    [Fact]
    public async Task RegisterAsync_IncompatibleWithTheSubject_RefusedNamingSubjectAndCompatibility()
    {
        _registry.RefuseAsIncompatible("decisions-value");
        using RegistrySchemas schemas = Create();

        SchemaRegistryRefusedException ex = await Assert.ThrowsAsync<SchemaRegistryRefusedException>(() => schemas.RegisterAsync("customs-decision.avsc", ["decisions"], CancellationToken.None));

        Assert.Contains("'decisions-value'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("incompatible", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BACKWARD", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GET /config", _registry.Requests);
    }

    [Fact]
    public async Task RegisterAsync_LookupOnlyAndNotRegistered_RefusedNamingAutoRegister()
    {
        using RegistrySchemas schemas = Create(("auto.register.schemas", "false"));

        SchemaRegistryRefusedException ex = await Assert.ThrowsAsync<SchemaRegistryRefusedException>(() => schemas.RegisterAsync("customs-decision.avsc", ["decisions"], CancellationToken.None));

        Assert.Contains("auto.register.schemas", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_registry.Subjects);
    }

    [Fact]
    public async Task RegisterAsync_LookupOnlyAndRegistered_TheRegistrysId()
    {
        int id = _registry.Add("decisions-value", SchemaRegistry.EmbeddedSchemaText("customs-decision.avsc"));
        using RegistrySchemas schemas = Create(("auto.register.schemas", "false"));

        Assert.Equal(id, await schemas.RegisterAsync("customs-decision.avsc", ["decisions"], CancellationToken.None));
        Assert.Contains("POST /subjects/decisions-value", _registry.Requests);
    }

    [Fact]
    public async Task RegisterAsync_RegistryDown_UnavailableForTheCallerToRetry()
    {
        _registry.GoDown();
        using RegistrySchemas schemas = Create(("schema.registry.max.retries", "1"));

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => schemas.RegisterAsync("customs-decision.avsc", ["decisions"], CancellationToken.None));

        Assert.True(RegistrySchemas.IsUnavailable(ex), ex.ToString());
    }

    private RegistrySchemas Create(params (string Key, string Value)[] more)
    {
        var properties = new Dictionary<string, string> { ["schema.registry.url"] = _registry.Url, ["schema.registry.retries.wait.ms"] = "50" };
        foreach ((string key, string value) in more)
        {
            properties[key] = value;
        }

        return new RegistrySchemas(SchemaRegistrySettings.FromProperties(properties), SchemaRegistry.Default.WithoutIds(), NullLogger.Instance, _clock);
    }

    private static ManifestRecord Manifest() => new() { ManifestId = "MF-REGISTRY-1", TrackingNumber = "TN-1", DepartureCountry = "CN", DestinationCountry = "DE" };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
