using System.Buffers.Binary;
using ParcelStream.Codec.Schemas;
using ParcelStream.Codec.Tests.Support;
using ApacheSchema = Avro.Schema;

namespace ParcelStream.Codec.Tests;

/// <summary>Parsing Canonical Form and CRC-64-AVRO fingerprints must equal Apache.Avro's, or single-object lookups fail.</summary>
public sealed class CanonicalFormTests
{
    public static TheoryData<string, string> Schemas() => new()
    {
        { "product manifest", RepoPaths.SchemaText("parcel-manifest.avsc") },
        { "product decision", RepoPaths.SchemaText("customs-decision.avsc") },
        { "primitive name", "\"string\"" },
        { "primitive object", """{"type": "long"}""" },
        {
            "namespace inherited",
            """
            {"type": "record", "name": "Outer", "namespace": "a.b", "fields": [
              {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "int"}]}},
              {"name": "again", "type": "Inner"},
              {"name": "qualified", "type": "a.b.Inner"},
              {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}}
            ]}
            """
        },
        {
            "namespace overridden",
            """
            {"type": "record", "name": "Outer", "namespace": "a.b", "fields": [
              {"name": "inner", "type": {"type": "record", "name": "Inner", "namespace": "c.d", "fields": [
                {"name": "deeper", "type": {"type": "record", "name": "Deeper", "fields": [{"name": "x", "type": "int"}]}}
              ]}},
              {"name": "ref", "type": "c.d.Deeper"},
              {"name": "dotted", "type": {"type": "fixed", "name": "x.y.Dotted", "namespace": "ignored.ns", "size": 3}},
              {"name": "dottedRef", "type": "x.y.Dotted"}
            ]}
            """
        },
        {
            "recursive record",
            """
            {"type": "record", "name": "Node", "namespace": "list", "fields": [
              {"name": "value", "type": "long"},
              {"name": "next", "type": ["null", "Node"], "default": null},
              {"name": "children", "type": {"type": "array", "items": "list.Node"}}
            ]}
            """
        },
        {
            "fixed and maps",
            """
            {"type": "record", "name": "R", "fields": [
              {"name": "md5", "type": {"type": "fixed", "name": "MD5", "namespace": "hash", "size": 16}},
              {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "hash.MD5"}}},
              {"name": "mm", "type": {"type": "map", "values": {"type": "map", "values": ["null", "double"]}}}
            ]}
            """
        },
        {
            "nested unions of records",
            """
            {"type": "record", "name": "Envelope", "namespace": "u", "fields": [
              {"name": "payload", "type": ["null",
                {"type": "record", "name": "A", "fields": [{"name": "a", "type": ["null", "string", {"type": "record", "name": "AInner", "fields": [{"name": "z", "type": "bytes"}]}]}]},
                {"type": "record", "name": "B", "namespace": "v", "fields": [{"name": "b", "type": {"type": "array", "items": ["u.A", "u.AInner", "float"]}}]}
              ]}
            ]}
            """
        },
        {
            "logical types",
            """
            {"type": "record", "name": "L", "fields": [
              {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "d", "type": {"type": "int", "logicalType": "date"}},
              {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
              {"name": "maybe", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]}
            ]}
            """
        },
        {
            "aliases, doc, default and extra attributes stripped",
            """
            {"type": "record", "name": "Doc", "namespace": "d", "doc": "a \"quoted\" doc\n", "aliases": ["Old", "x.Older"], "custom": {"k": [1, 2]},
             "fields": [
              {"name": "f", "type": "string", "doc": "field doc", "default": "x", "aliases": ["g"], "order": "descending"},
              {"name": "e", "type": {"type": "enum", "name": "Color", "doc": "c", "aliases": ["Colour"], "symbols": ["RED", "GREEN"], "default": "RED"}, "default": "GREEN"},
              {"name": "a", "type": {"type": "array", "items": "int", "custom": true}, "default": [1, 2]},
              {"name": "n", "type": ["null", "Color"], "default": null}
            ]}
            """
        },
        { "enum at top level", """{"type": "enum", "name": "Suit", "namespace": "cards", "symbols": ["SPADES", "HEARTS"]}""" },
        { "top-level union", """["null", "int", {"type": "record", "name": "T", "fields": []}]""" },
        { "top-level array of map", """{"type": "array", "items": {"type": "map", "values": "boolean"}}""" },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void ToCanonicalForm_Schema_EqualsApache(string name, string json)
    {
        ApacheSchema apache = ApacheSchema.Parse(json);
        AvroSchema ours = AvroSchemaParser.Parse(json);

        Assert.True(Avro.SchemaNormalization.ToParsingForm(apache) == ours.ToCanonicalForm(), $"{name}:\napache {Avro.SchemaNormalization.ToParsingForm(apache)}\nours   {ours.ToCanonicalForm()}");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Fingerprint_Schema_EqualsApache(string name, string json)
    {
        ulong apache = ApacheAvro.Fingerprint(ApacheSchema.Parse(json));
        AvroSchema ours = AvroSchemaParser.Parse(json);

        Assert.True(apache == ours.Fingerprint(), name);
        Assert.Equal(apache, new RegisteredSchema(-1, ours, name).Fingerprint);
    }

    [Fact]
    public void ToCanonicalForm_EmptyNamespaceInsideANamespace_MeansNoNamespace()
    {
        // The specification: an empty namespace is the null namespace. Apache.Avro for C# inherits "a.b" instead
        // (Java does not), so this case is checked against the specification rather than against Apache.
        const string Json = """
            {"type": "record", "name": "Outer", "namespace": "a.b", "fields": [
              {"name": "plain", "type": {"type": "record", "name": "Plain", "namespace": "", "fields": [{"name": "x", "type": "int"}]}},
              {"name": "again", "type": "Plain"}
            ]}
            """;

        Assert.Equal(
            """{"name":"a.b.Outer","type":"record","fields":[{"name":"plain","type":{"name":"Plain","type":"record","fields":[{"name":"x","type":"int"}]}},{"name":"again","type":"Plain"}]}""",
            AvroSchemaParser.Parse(Json).ToCanonicalForm());
    }

    [Fact]
    public void ToCanonicalForm_FixedWithLogicalType_WritesTheFixedDefinition()
    {
        // Apache.Avro for C# writes only the name "Money" here (its logical wrapper marks the name as seen first),
        // which no parser could read back; the specification keeps the definition and drops logicalType.
        const string Json = """
            {"type": "record", "name": "L", "fields": [
              {"name": "fdec", "type": {"type": "fixed", "name": "Money", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 4}},
              {"name": "again", "type": "Money"}
            ]}
            """;

        Assert.Equal(
            """{"name":"L","type":"record","fields":[{"name":"fdec","type":{"name":"Money","type":"fixed","size":8}},{"name":"again","type":"Money"}]}""",
            AvroSchemaParser.Parse(Json).ToCanonicalForm());
    }

    [Fact]
    public void Fingerprint_ProductSchemaWithoutLogicalTypes_IsUnchanged()
    {
        // The Apache reference parses the product schemas without logicalType (see ApacheAvro.Parse).
        Assert.Equal(ApacheAvro.Fingerprint(Avro.Schema.Parse(RepoPaths.SchemaText("parcel-manifest.avsc"))), ApacheAvro.Fingerprint(ApacheAvro.ManifestSchema));
        Assert.Equal(ApacheAvro.Fingerprint(Avro.Schema.Parse(RepoPaths.SchemaText("customs-decision.avsc"))), ApacheAvro.Fingerprint(ApacheAvro.DecisionSchema));
    }

    [Fact]
    public void Crc64_EmptyInput_IsTheSeed()
    {
        Assert.Equal(SchemaFingerprint.Empty, SchemaFingerprint.Crc64(ReadOnlySpan<byte>.Empty));
        Assert.Equal(SchemaFingerprint.Empty, ApacheCrc64([]));
    }

    [Theory]
    [InlineData("\"int\"")]
    [InlineData("a")]
    [InlineData("{\"name\":\"x\",\"type\":\"fixed\",\"size\":16}")]
    public void Crc64_Bytes_EqualsApache(string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);

        Assert.Equal(ApacheCrc64(bytes), SchemaFingerprint.Crc64(bytes));
    }

    private static ulong ApacheCrc64(byte[] data) => BinaryPrimitives.ReadUInt64LittleEndian(Avro.SchemaNormalization.Fingerprint("CRC-64-AVRO", data));

    [Fact]
    public void Fingerprint_EmbeddedManifestSchema_EqualsSchemaFile()
    {
        ulong file = ApacheAvro.Fingerprint(ApacheAvro.ManifestSchema);

        Assert.Equal(file, SchemaRegistry.ManifestSchema.Fingerprint());
        Assert.Equal(ApacheAvro.Fingerprint(ApacheAvro.DecisionSchema), SchemaRegistry.DecisionSchema.Fingerprint());
        Assert.True(SchemaRegistry.Default.TryGetByFingerprint(file, out RegisteredSchema s));
        Assert.Equal(SchemaRegistry.DefaultManifestSchemaId, s.Id);
    }
}
