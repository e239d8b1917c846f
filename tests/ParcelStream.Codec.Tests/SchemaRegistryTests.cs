using ParcelStream.Codec.Schemas;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

public sealed class SchemaRegistryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("parcelstream-registry-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void LoadDirectory_RepositorySchemas_IdsFromTheIndexAndFingerprintsOfTheFiles()
    {
        SchemaRegistry registry = SchemaRegistry.LoadDirectory(RepoPaths.SchemaDirectory);

        Assert.True(registry.TryGetById(SchemaRegistry.DefaultManifestSchemaId, out RegisteredSchema manifest));
        Assert.Equal(ApacheAvro.Fingerprint(ApacheAvro.ManifestSchema), manifest.Fingerprint);
        Assert.True(registry.TryGetById(SchemaRegistry.DefaultDecisionSchemaId, out RegisteredSchema decision));
        Assert.Equal(ApacheAvro.Fingerprint(ApacheAvro.DecisionSchema), decision.Fingerprint);
        Assert.True(registry.TryGetByFingerprint(manifest.Fingerprint, out RegisteredSchema byFingerprint));
        Assert.Same(manifest, byFingerprint);
        Assert.EndsWith("parcel-manifest.avsc", manifest.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_NoIndex_ProductSchemasGetDefaultIdsAndOthersOnlyAFingerprint()
    {
        CopyProductSchemas();
        Write("other.avsc", """{"type": "record", "name": "Other", "fields": []}""");

        SchemaRegistry registry = SchemaRegistry.LoadDirectory(_dir.FullName);

        Assert.True(registry.TryGetById(SchemaRegistry.DefaultManifestSchemaId, out RegisteredSchema manifest));
        Assert.Equal("parcelstream.v1.ParcelManifest", ((RecordSchema)manifest.Schema).FullName);
        Assert.True(registry.TryGetById(SchemaRegistry.DefaultDecisionSchemaId, out _));
        RegisteredSchema other = Assert.Single(registry.Schemas, s => s.Source.EndsWith("other.avsc", StringComparison.Ordinal));
        Assert.Equal(-1, other.Id);
        Assert.True(registry.TryGetByFingerprint(AvroSchemaParser.Parse("""{"type": "record", "name": "Other", "fields": []}""").Fingerprint(), out _));
        Assert.Equal(3, registry.Schemas.Count());
    }

    [Fact]
    public void WithoutIds_DefaultSchemas_KnownByFingerprintOnly()
    {
        SchemaRegistry registry = SchemaRegistry.Default.WithoutIds();

        Assert.False(registry.TryGetById(SchemaRegistry.DefaultManifestSchemaId, out _));
        Assert.True(registry.TryGetByFingerprint(SchemaRegistry.ManifestSchema.Fingerprint(), out RegisteredSchema manifest));
        Assert.Equal(-1, manifest.Id);
        Assert.True(SchemaRegistry.Default.TryGetById(SchemaRegistry.DefaultManifestSchemaId, out _));
    }

    [Fact]
    public void TryAdd_NewId_FoundByIdAndFingerprint()
    {
        SchemaRegistry registry = SchemaRegistry.Default.WithoutIds();
        var added = new RegisteredSchema(101, SchemaRegistry.InspectionResultSchema, "registry id 101");

        Assert.True(registry.TryAdd(added));

        Assert.True(registry.TryGetById(101, out RegisteredSchema byId));
        Assert.Same(added, byId);
        Assert.True(registry.TryAdd(new RegisteredSchema(101, SchemaRegistry.InspectionResultSchema, "again")));
    }

    [Fact]
    public void TryAdd_IdOfAnotherSchema_FalseAndFirstKept()
    {
        SchemaRegistry registry = SchemaRegistry.Default.WithoutIds();
        Assert.True(registry.TryAdd(new RegisteredSchema(101, SchemaRegistry.InspectionResultSchema, "first")));

        Assert.False(registry.TryAdd(new RegisteredSchema(101, SchemaRegistry.DecisionSchema, "second")));

        Assert.True(registry.TryGetById(101, out RegisteredSchema kept));
        Assert.Equal("first", kept.Source);
    }

    [Fact]
    public void TryAdd_Default_ThrowsBecauseShared()
    {
        Assert.Throws<InvalidOperationException>(() => SchemaRegistry.Default.TryAdd(new RegisteredSchema(101, SchemaRegistry.DecisionSchema, "x")));
    }

    [Fact]
    public void LoadDirectory_IndexWithOtherIds_UsesThem()
    {
        CopyProductSchemas();
        Write(SchemaRegistry.IndexFileName, """{"schemas": [{"id": 101, "file": "parcel-manifest.avsc"}, {"id": 102, "file": "customs-decision.avsc"}]}""");

        SchemaRegistry registry = SchemaRegistry.LoadDirectory(_dir.FullName);

        Assert.True(registry.TryGetById(101, out RegisteredSchema manifest));
        Assert.Equal(SchemaRegistry.ManifestSchema.Fingerprint(), manifest.Fingerprint);
        Assert.False(registry.TryGetById(SchemaRegistry.DefaultManifestSchemaId, out _));
    }

    [Fact]
    public void LoadDirectory_IndexNamesAMissingFile_ThrowsNamingIt()
    {
        CopyProductSchemas();
        Write(SchemaRegistry.IndexFileName, """{"schemas": [{"id": 1, "file": "parcel-manifest.avsc"}, {"id": 7, "file": "parcel-manifest-v2.avsc"}]}""");

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => SchemaRegistry.LoadDirectory(_dir.FullName));

        Assert.Contains("parcel-manifest-v2.avsc", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SchemaRegistry.IndexFileName, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"type": "record", "name": "Broken", "fields": [{"name": "a", "type": "NoSuchType"}]}""")]
    [InlineData("""{"type": "enum", "name": "E", "symbols": ["A", "A"]}""")]
    public void LoadDirectory_BadSchemaFile_ThrowsNamingTheFile(string json)
    {
        CopyProductSchemas();
        Write("broken.avsc", json);

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => SchemaRegistry.LoadDirectory(_dir.FullName));

        Assert.Contains(Path.Combine(_dir.FullName, "broken.avsc"), ex.Message, StringComparison.Ordinal);
        Assert.IsType<AvroSchemaException>(ex.InnerException);
    }

    [Fact]
    public void LoadDirectory_IndexGivesOneIdToTwoFiles_ThrowsNamingTheId()
    {
        CopyProductSchemas();
        Write(SchemaRegistry.IndexFileName, """{"schemas": [{"id": 5, "file": "parcel-manifest.avsc"}, {"id": 5, "file": "customs-decision.avsc"}]}""");

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => SchemaRegistry.LoadDirectory(_dir.FullName));

        Assert.Contains("5", ex.Message, StringComparison.Ordinal);
        Assert.Contains("parcel-manifest.avsc", ex.Message, StringComparison.Ordinal);
        Assert.Contains("customs-decision.avsc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_IndexListsOneFileTwice_ThrowsNamingIt()
    {
        CopyProductSchemas();
        Write(SchemaRegistry.IndexFileName, """{"schemas": [{"id": 1, "file": "parcel-manifest.avsc"}, {"id": 3, "file": "parcel-manifest.avsc"}]}""");

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => SchemaRegistry.LoadDirectory(_dir.FullName));

        Assert.Contains("parcel-manifest.avsc", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"entries": []}""")]
    [InlineData("""{"schemas": [{"file": "parcel-manifest.avsc"}]}""")]
    [InlineData("""{"schemas": [{"id": "one", "file": "parcel-manifest.avsc"}]}""")]
    public void LoadDirectory_MalformedIndex_ThrowsNamingTheIndex(string index)
    {
        CopyProductSchemas();
        Write(SchemaRegistry.IndexFileName, index);

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => SchemaRegistry.LoadDirectory(_dir.FullName));

        Assert.Contains(SchemaRegistry.IndexFileName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_NoSuchDirectory_Throws()
    {
        string missing = Path.Combine(_dir.FullName, "nope");

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => SchemaRegistry.LoadDirectory(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TwoSchemasWithOneId_ThrowsNamingBothSources()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => new SchemaRegistry(
        [
            new RegisteredSchema(3, SchemaRegistry.ManifestSchema, "first.avsc"),
            new RegisteredSchema(3, SchemaRegistry.DecisionSchema, "second.avsc"),
        ]));

        Assert.Contains("first.avsc", ex.Message, StringComparison.Ordinal);
        Assert.Contains("second.avsc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SchemasWithoutIds_FoundOnlyByFingerprint()
    {
        var registry = new SchemaRegistry([new RegisteredSchema(-1, SchemaRegistry.ManifestSchema, "a"), new RegisteredSchema(-1, SchemaRegistry.DecisionSchema, "b")]);

        Assert.False(registry.TryGetById(-1, out _));
        Assert.True(registry.TryGetByFingerprint(SchemaRegistry.DecisionSchema.Fingerprint(), out RegisteredSchema decision));
        Assert.Equal("b", decision.Source);
        Assert.False(registry.TryGetByFingerprint(0, out _));
    }

    private void CopyProductSchemas()
    {
        foreach (string file in new[] { "parcel-manifest.avsc", "customs-decision.avsc" })
        {
            File.Copy(Path.Combine(RepoPaths.SchemaDirectory, file), Path.Combine(_dir.FullName, file));
        }
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir.FullName, name), text);
}
