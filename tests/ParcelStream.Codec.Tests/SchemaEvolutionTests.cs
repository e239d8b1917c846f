using System.Text.Json.Nodes;
using CsCheck;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;
using ParcelStream.Codec.Tests.Support;
using ApacheSchema = Avro.Schema;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// Data written by Apache.Avro with writer schemas that differ from ours, registered next to the product schemas
/// and read through the resolving plan, framed as Confluent (by id), single-object (by fingerprint) and raw.
/// </summary>
public sealed class SchemaEvolutionTests
{
    private const int WriterId = 42;
    private const int Iterations = 100;

    public static TheoryData<MessageFraming> Framings() => [MessageFraming.Confluent, MessageFraming.SingleObject, MessageFraming.Raw];

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterAddedFieldsWithDefaults_SkipsThem(MessageFraming framing)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.AddField(schema, """
            {"name": "extra", "default": {"tags": {}, "score": 0, "blob": "", "hash": "\u0000\u0000\u0000\u0000", "flag": false, "ratio": 0, "maybe": null},
             "type": {"type": "record", "name": "Extra", "fields": [
               {"name": "tags", "type": {"type": "map", "values": "string"}},
               {"name": "score", "type": "double"},
               {"name": "blob", "type": "bytes"},
               {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
               {"name": "flag", "type": "boolean"},
               {"name": "ratio", "type": "float"},
               {"name": "maybe", "type": ["null", "long"]}
             ]}}
            """);
        SchemaJson.AddField(SchemaJson.Party(schema), """{"name": "vatRegistered", "type": "boolean", "default": false}""");
        SchemaJson.AddField(SchemaJson.Item(schema), """{"name": "dangerousGoods", "type": {"type": "array", "items": "string"}, "default": []}""");

        AssertDecodes(schema, framing, (tree, m) =>
        {
            tree["extra"] = new Dictionary<string, object?>
            {
                ["tags"] = new Dictionary<string, object?> { ["a"] = m.ManifestId, ["b"] = string.Empty },
                ["score"] = 2.5,
                ["blob"] = new byte[] { 1, 2, 3 },
                ["hash"] = new byte[] { 9, 8, 7, 6 },
                ["flag"] = true,
                ["ratio"] = 0.25f,
                ["maybe"] = m.Pieces % 2 == 0 ? null : (long)m.Pieces,
            };
            ((Dictionary<string, object?>)tree["consignor"]!)["vatRegistered"] = true;
            ((Dictionary<string, object?>)tree["consignee"]!)["vatRegistered"] = false;
            foreach (Dictionary<string, object?> item in ManifestTree.Items(tree))
            {
                item["dangerousGoods"] = new List<object?> { "UN3481", (string)item["hsCode"]! };
            }
        });
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterWithoutOptionalFields_ReaderSeesNull(MessageFraming framing)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.RemoveField(schema, "sellerId");
        SchemaJson.RemoveField(SchemaJson.Party(schema), "email");
        SchemaJson.RemoveField(SchemaJson.Transport(schema), "carrierCode");

        AssertDecodes(
            schema,
            framing,
            writerTree: (_, _) => { },
            readerTree: tree =>
            {
                tree["sellerId"] = null;
                ManifestTree.Set(tree, "consignor.email", null);
                ManifestTree.Set(tree, "consignee.email", null);
                ManifestTree.Set(tree, "transport.carrierCode", null);
            });
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterIntWhereReaderHasLong_Widens(MessageFraming framing)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.SetType(schema, "totalValueMinor", "\"int\"");
        SchemaJson.SetType(SchemaJson.Item(schema), "valueMinor", "\"int\"");

        AssertDecodes(schema, framing, (tree, _) =>
        {
            // Truncated to int on purpose: negative values check the sign extension.
            tree["totalValueMinor"] = (long)unchecked((int)(long)tree["totalValueMinor"]!);
            foreach (Dictionary<string, object?> item in ManifestTree.Items(tree))
            {
                item["valueMinor"] = (long)unchecked((int)(long)item["valueMinor"]!);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterEnumWithFewerSymbols_MapsByName(MessageFraming framing)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.Field(SchemaJson.Transport(schema), "mode")["type"]!["symbols"] = new JsonArray("SEA", "AIR");
        SchemaJson.Field(schema, "category")["type"]!["symbols"] = new JsonArray("OTHER", "GIFT");

        AssertDecodes(schema, framing, (tree, m) =>
        {
            ManifestTree.Set(tree, "transport.mode", new EnumSymbol(m.Pieces % 2 == 0 ? "SEA" : "AIR"));
            tree["category"] = new EnumSymbol(m.GrossWeightGrams % 2 == 0 ? "OTHER" : "GIFT");
        });
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterEnumWithExtraSymbol_DecodesKnownSymbols(MessageFraming framing)
    {
        AssertDecodes(WithExtraOperatorType(), framing, (_, _) => { });
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterEnumExtraSymbolOccurs_SchemaMismatchAtTheEnum(MessageFraming framing)
    {
        JsonObject schema = WithExtraOperatorType();
        ManifestRecord m = SampleManifests.Typical();
        Dictionary<string, object?> tree = ManifestTree.From(m);
        tree["operatorType"] = new EnumSymbol("FREIGHT");

        (AvroError error, _) = Decode(schema, framing, tree);

        int enumAt = Frames.HeaderLength(framing) + Frames.StringSize(m.ManifestId) + Frames.StringSize(m.TrackingNumber) + Frames.StringSize(m.OperatorCode);
        Assert.Equal(new AvroError(AvroErrorCode.SchemaMismatch, enumAt), error);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterFieldsInAnotherOrder_ReadsByName(MessageFraming framing)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.Reverse(SchemaJson.Party(schema));
        SchemaJson.Reverse(SchemaJson.Item(schema));
        SchemaJson.Reverse(SchemaJson.Transport(schema));
        SchemaJson.Reverse(schema);
        SchemaJson.DefinePartyInConsignee(schema);

        AssertDecodes(schema, framing, (_, _) => { });
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void Decode_WriterNullableWhereReaderRequiresString_StringsDecode(MessageFraming framing)
    {
        AssertDecodes(WithNullableCurrencyAndDescription(), framing, (_, _) => { });
    }

    [Theory]
    [InlineData(MessageFraming.Confluent, "currency")]
    [InlineData(MessageFraming.SingleObject, "currency")]
    [InlineData(MessageFraming.Confluent, "description")]
    [InlineData(MessageFraming.SingleObject, "description")]
    public void Decode_WriterNullWhereReaderRequiresString_SchemaMismatchAtTheUnion(MessageFraming framing, string field)
    {
        ManifestRecord m = SampleManifests.Empty();
        Dictionary<string, object?> tree = ManifestTree.From(m);
        int at = Frames.HeaderLength(framing);
        if (field == "currency")
        {
            tree["currency"] = null;
            at += SampleManifests.EmptyCurrencyOffset;
        }
        else
        {
            // One goods line: its description follows the block count.
            m.Items.Add(new ItemRecord());
            tree = ManifestTree.From(m);
            ManifestTree.Items(tree).Single()["description"] = null;
            at += SampleManifests.EmptyItemsOffset + 1;
        }

        (AvroError error, _) = Decode(WithNullableCurrencyAndDescription(), framing, tree);

        Assert.Equal(new AvroError(AvroErrorCode.SchemaMismatch, at), error);
    }

    [Theory]
    [InlineData("manifestId", "manifestId")]
    [InlineData("consignor.city", "consignor.city")]
    [InlineData("items.hsCode", "hsCode")]
    [InlineData("transport.mode", "transport.mode")]
    public void Constructor_WriterLacksRequiredField_ThrowsNamingIt(string remove, string named)
    {
        JsonObject schema = SchemaJson.Manifest();
        string[] parts = remove.Split('.');
        JsonObject record = parts.Length == 1 ? schema
            : parts[0] == "items" ? SchemaJson.Item(schema)
            : parts[0] == "transport" ? SchemaJson.Transport(schema)
            : SchemaJson.Party(schema);
        SchemaJson.RemoveField(record, parts[^1]);

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => new ManifestDecoder(Registry(schema)));

        Assert.Contains($"'{named}'", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("totalValueMinor", "\"string\"", "totalValueMinor")]
    [InlineData("grossWeightGrams", "\"long\"", "grossWeightGrams")]
    [InlineData("operatorType", "\"string\"", "operatorType")]
    [InlineData("airWaybill", "[\"null\", \"long\"]", null)]
    public void Constructor_WriterTypeReaderCannotRead_ThrowsNamingTheField(string field, string type, string? named)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.SetType(schema, field, type);

        if (named is null)
        {
            // A union branch the reader cannot take fails only when it occurs (["null","long"] still has null).
            Assert.NotNull(new ManifestDecoder(Registry(schema)));
            return;
        }

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => new ManifestDecoder(Registry(schema)));
        Assert.Contains($"'{named}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ItemQuantityWrittenAsLong_ThrowsNamingTheField()
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.SetType(SchemaJson.Item(schema), "quantity", "\"long\"");

        AvroSchemaException ex = Assert.Throws<AvroSchemaException>(() => new ManifestDecoder(Registry(schema)));

        Assert.Contains("quantity", ex.Message, StringComparison.Ordinal);
    }

    private static JsonObject WithExtraOperatorType()
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.Field(schema, "operatorType")["type"]!["symbols"] = new JsonArray("POSTAL", "EXPRESS", "COURIER", "FREIGHT");
        return schema;
    }

    private static JsonObject WithNullableCurrencyAndDescription()
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.SetType(schema, "currency", """["null", "string"]""");
        SchemaJson.SetType(SchemaJson.Item(schema), "description", """["null", "string"]""");
        return schema;
    }

    private static SchemaRegistry Registry(JsonObject writerSchema) => new(
    [
        new RegisteredSchema(WriterId, AvroSchemaParser.Parse(writerSchema.ToJsonString()), "test"),
        new RegisteredSchema(SchemaRegistry.DefaultManifestSchemaId, SchemaRegistry.ManifestSchema, "product manifest"),
        new RegisteredSchema(SchemaRegistry.DefaultDecisionSchemaId, SchemaRegistry.DecisionSchema, "product decision"),
    ]);

    /// <summary>Writes random manifests with the writer schema and checks every field of the decoded view.</summary>
    private static void AssertDecodes(JsonObject writerSchema, MessageFraming framing, Action<Dictionary<string, object?>, ManifestRecord> writerTree, Action<Dictionary<string, object?>>? readerTree = null)
    {
        string json = writerSchema.ToJsonString();
        ApacheSchema apache = ApacheAvro.Parse(json);
        ManifestDecoder decoder = DecoderFor(writerSchema, framing);

        Generators.Manifest.Sample(
            m =>
            {
                Dictionary<string, object?> tree = ManifestTree.From(m);
                writerTree(tree, m);
                byte[] message = Frames.Frame(framing, WriterId, ApacheAvro.Fingerprint(apache), ApacheAvro.Encode(apache, tree));
                var view = new ManifestView();

                AvroError error = decoder.Decode(message, 0, message.Length, view);

                Assert.False(error.IsError, error.ToString());
                Assert.Equal(ApacheAvro.Fingerprint(apache), view.WriterFingerprint);
                readerTree?.Invoke(tree);
                ViewAssert.Matches(tree, view);
            },
            iter: Iterations,
            print: Generators.Print);
    }

    private static (AvroError Error, ManifestView View) Decode(JsonObject writerSchema, MessageFraming framing, Dictionary<string, object?> tree)
    {
        ApacheSchema apache = ApacheAvro.Parse(writerSchema.ToJsonString());
        byte[] message = Frames.Frame(framing, WriterId, ApacheAvro.Fingerprint(apache), ApacheAvro.Encode(apache, tree));
        var view = new ManifestView();
        return (DecoderFor(writerSchema, framing).Decode(message, 0, message.Length, view), view);
    }

    private static ManifestDecoder DecoderFor(JsonObject writerSchema, MessageFraming framing)
    {
        SchemaRegistry registry = Registry(writerSchema);
        return framing == MessageFraming.Raw
            ? new ManifestDecoder(registry, framing: MessageFraming.Raw, rawWriterFingerprint: AvroSchemaParser.Parse(writerSchema.ToJsonString()).Fingerprint())
            : new ManifestDecoder(registry, framing: framing);
    }
}
