using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Tests;

public sealed class AvroSchemaParserTests
{
    public static TheoryData<string, string> Malformed() => new()
    {
        { """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Nope"}]}""", "Unknown type 'Nope'" },
        { """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "long"}]}""", "field 'a' is declared twice" },
        { """{"type": "record", "name": "1R", "fields": []}""", "'1R' is not a valid Avro name" },
        { """{"type": "record", "name": "R", "namespace": "a..b", "fields": []}""", "'' is not a valid Avro name" },
        { """{"type": "record", "name": "R", "fields": [{"name": "a-b", "type": "int"}]}""", "'a-b' is not a valid Avro name" },
        { """{"type": "enum", "name": "E", "symbols": ["A", "B C"]}""", "'B C' is not a valid Avro name" },
        { """{"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "Z"}""", "default 'Z' is not one of its symbols" },
        { """{"type": "enum", "name": "E", "symbols": ["A", "A"]}""", "symbol 'A' is declared twice" },
        { """["null", ["int", "long"]]""", "may not directly contain another union" },
        { """["string", "int", "string"]""", "contains 'string' twice" },
        { """{"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "fixed", "name": "R", "size": 1}}]}""", "'R' is defined twice" },
        { """{"type": "fixed", "name": "F"}""", "needs a non-negative integer 'size'" },
        { """{"type": "fixed", "name": "F", "size": -1}""", "needs a non-negative integer 'size'" },
        { """{"type": "record", "name": "R"}""", "has no 'fields'" },
        { """{"type": "record", "name": "R", "fields": {}}""", "'fields' must be an array" },
        { """{"type": "record", "name": "R", "fields": [{"type": "int"}]}""", "a field has no name" },
        { """{"type": "record", "name": "R", "fields": [{"name": "a"}]}""", "has no 'type'" },
        { """{"type": "array"}""", "has no 'items'" },
        { """{"type": "map"}""", "has no 'values'" },
        { """{"type": "record", "fields": []}""", "has no 'name'" },
        { """{"name": "x"}""", "has no 'type'" },
        { "42", "Unexpected JSON Number" },
        { "{not json", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_MalformedSchema_ThrowsNamingTheProblem(string json, string expected)
    {
        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => AvroSchemaParser.Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> WrongJsonKinds() => new()
    {
        { """{"type": "enum", "name": "E", "symbols": "A"}""", "symbols" },
        { """{"type": "enum", "name": "E", "symbols": ["A", 1]}""", "symbols" },
        { """{"type": "enum", "name": "E", "symbols": ["A"], "default": 0}""", "default" },
        { """{"type": "record", "name": "R", "fields": ["a"]}""", "field" },
        { """{"type": "record", "name": "R", "aliases": [1], "fields": []}""", "aliases" },
        { """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "aliases": [false]}]}""", "aliases" },
    };

    [Theory]
    [MemberData(nameof(WrongJsonKinds))]
    public void Parse_ValueOfTheWrongJsonKind_ThrowsAvroSchemaException(string json, string named)
    {
        // Not an InvalidOperationException from System.Text.Json: callers catch AvroSchemaException at start-up.
        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => AvroSchemaParser.Parse(json));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedDeeperThanJsonAllows_ThrowsAvroSchemaException()
    {
        string json = "\"int\"";
        for (int i = 0; i < 100; i++)
        {
            json = $$"""{"type": "array", "items": {{json}}}""";
        }

        Assert.Throws<AvroSchemaException>(() => AvroSchemaParser.Parse(json));
    }

    [Fact]
    public void Parse_ProductManifestSchema_ReadsNamesDefaultsAndLogicalTypes()
    {
        var manifest = (RecordSchema)AvroSchemaParser.Parse(Support.RepoPaths.SchemaText("parcel-manifest.avsc"));

        Assert.Equal("parcelstream.v1.ParcelManifest", manifest.FullName);
        Assert.Equal("timestamp-millis", manifest.FindField("createdAt")!.Schema.LogicalType);
        Assert.True(manifest.FindField("sellerId")!.HasDefault);
        Assert.False(manifest.FindField("manifestId")!.HasDefault);
        var consignee = (RecordSchema)manifest.FindField("consignee")!.Schema;
        Assert.Same(manifest.FindField("consignor")!.Schema, consignee);
        Assert.Equal("parcelstream.v1.Party", consignee.FullName);
        var item = (RecordSchema)((ArraySchema)manifest.FindField("items")!.Schema).Items;
        Assert.Equal(["description", "hsCode", "quantity", "netWeightGrams", "valueMinor", "originCountry"], item.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Parse_ReferenceToANameOfTheEnclosingNamespace_Resolves()
    {
        const string Json = """
            {"type": "record", "name": "A", "namespace": "n", "fields": [
              {"name": "b", "type": {"type": "enum", "name": "B", "symbols": ["X"]}},
              {"name": "c", "type": "B"},
              {"name": "d", "type": "n.B"}
            ]}
            """;
        var record = (RecordSchema)AvroSchemaParser.Parse(Json);

        Assert.Same(record.Fields[0].Schema, record.Fields[1].Schema);
        Assert.Same(record.Fields[0].Schema, record.Fields[2].Schema);
        Assert.Equal("n.B", ((EnumSchema)record.Fields[1].Schema).FullName);
    }
}
