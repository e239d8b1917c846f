using System.Text;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>Writer schemas added to a decoder at run time (fetched from a Confluent Schema Registry by id).</summary>
public sealed class RuntimeWriterTests
{
    private const int RegistryId = 100;

    [Fact]
    public void TryAddWriter_ManifestSchemaUnderNewId_MessagesWithTheIdDecode()
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default.WithoutIds());
        byte[] message = ManifestEncoder.ToBytes(SampleManifests.Typical(), MessageFraming.Confluent, RegistryId);
        var view = new ManifestView();
        Assert.Equal(AvroErrorCode.UnknownSchemaId, decoder.Decode(message, view).Code);

        Assert.True(decoder.TryAddWriter(new RegisteredSchema(RegistryId, SchemaRegistry.ManifestSchema, "registry id 100"), out string? problem), problem);

        Assert.True(decoder.KnowsSchemaId(RegistryId));
        AvroError error = decoder.Decode(message, view);
        Assert.False(error.IsError, error.ToString());
        Assert.Equal(RegistryId, view.SchemaId);
        Assert.Equal(SampleManifests.Typical().ManifestId, Encoding.UTF8.GetString(view.ManifestId));
    }

    [Theory]
    [InlineData("""{"type": "record", "name": "ParcelManifest", "namespace": "parcelstream.v1", "fields": [{"name": "manifestId", "type": "int"}]}""", "manifestId")]
    [InlineData("""{"type": "record", "name": "CustomsDecision", "namespace": "parcelstream.v1", "fields": []}""", "not a parcelstream.v1.ParcelManifest")]
    [InlineData("""{"type": "string"}""", "not a parcelstream.v1.ParcelManifest")]
    public void TryAddWriter_SchemaNotReadableAsManifest_FalseWithReasonAndIdStaysUnknown(string schema, string reason)
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default.WithoutIds());

        Assert.False(decoder.TryAddWriter(new RegisteredSchema(RegistryId, AvroSchemaParser.Parse(schema), "registry id 100"), out string? problem));

        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.False(decoder.KnowsSchemaId(RegistryId));
    }

    [Fact]
    public void TryAddWriter_IdAlreadyKnownAsAnotherSchema_False()
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default);
        string text = RepoPaths.SchemaText("parcel-manifest.avsc");
        var evolved = (RecordSchema)AvroSchemaParser.Parse(text.Replace("\"fields\": [", "\"fields\": [{\"name\": \"extra\", \"type\": \"int\", \"default\": 0},", StringComparison.Ordinal));
        Assert.NotEqual(SchemaRegistry.ManifestSchema.Fingerprint(), evolved.Fingerprint());

        Assert.False(decoder.TryAddWriter(new RegisteredSchema(SchemaRegistry.DefaultManifestSchemaId, evolved, "registry"), out string? problem));

        Assert.Contains("already known", problem, StringComparison.Ordinal);
    }
}
