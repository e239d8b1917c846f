using ParcelStream.Codec.Schemas;
using ParcelStream.Codec.Tests.Support;
using ApacheSchema = Avro.Schema;

namespace ParcelStream.Codec.Tests;

public sealed class AvroSkipperTests
{
    private const byte Sentinel = 0x2A;

    /// <summary>A schema of every type and a value of it, which Apache.Avro encodes.</summary>
    public static TheoryData<string, string, object?> Values() => new()
    {
        { "null", "\"null\"", null },
        { "boolean", "\"boolean\"", true },
        { "int", "\"int\"", int.MinValue },
        { "long", "\"long\"", long.MaxValue },
        { "float", "\"float\"", 1.5f },
        { "double", "\"double\"", -2.25 },
        { "bytes", "\"bytes\"", new byte[] { 0, 1, 2, 0xFF } },
        { "string", "\"string\"", "héllo 🌍" },
        { "empty string", "\"string\"", string.Empty },
        { "fixed", """{"type": "fixed", "name": "F", "size": 16}""", new byte[16] },
        { "enum", """{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}""", new EnumSymbol("C") },
        { "union null", """["null", "string"]""", null },
        { "union string", """["null", "string"]""", "x" },
        {
            "record",
            """{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}, {"name": "c", "type": ["null", "double"]}]}""",
            new Dictionary<string, object?> { ["a"] = 7, ["b"] = "bee", ["c"] = 0.5 }
        },
        { "array", """{"type": "array", "items": "long"}""", new List<object?> { 1L, -1L, long.MinValue } },
        { "empty array", """{"type": "array", "items": "long"}""", new List<object?>() },
        { "map", """{"type": "map", "values": "string"}""", new Dictionary<string, object?> { ["k1"] = "v1", ["k2"] = string.Empty } },
        {
            "nested",
            """
            {"type": "record", "name": "Outer", "fields": [
              {"name": "list", "type": {"type": "array", "items": {"type": "map", "values": ["null", {"type": "record", "name": "Inner", "fields": [{"name": "f", "type": {"type": "fixed", "name": "Two", "size": 2}}]}]}}},
              {"name": "flag", "type": "boolean"}
            ]}
            """,
            new Dictionary<string, object?>
            {
                ["list"] = new List<object?>
                {
                    new Dictionary<string, object?> { ["x"] = null, ["y"] = new Dictionary<string, object?> { ["f"] = new byte[] { 1, 2 } } },
                    new Dictionary<string, object?>(),
                },
                ["flag"] = false,
            }
        },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void TrySkip_ValueWrittenByApache_StopsRightAfterIt(string name, string schemaJson, object? value)
    {
        byte[] datum = ApacheAvro.Encode(ApacheSchema.Parse(schemaJson), value);
        byte[] input = [.. datum, Sentinel];
        var reader = new AvroReader(input);

        Assert.True(AvroSkipper.TrySkip(ref reader, AvroSchemaParser.Parse(schemaJson), 0, 32, 1000), $"{name}: {reader.Error}");

        Assert.Equal(datum.Length, reader.Position);
        Assert.False(reader.HasError);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void TrySkip_EveryPrefix_FalseWithoutError(string name, string schemaJson, object? value)
    {
        byte[] datum = ApacheAvro.Encode(ApacheSchema.Parse(schemaJson), value);
        AvroSchema schema = AvroSchemaParser.Parse(schemaJson);
        for (int length = 0; length < datum.Length; length++)
        {
            var reader = new AvroReader(datum.AsSpan(0, length));

            Assert.False(AvroSkipper.TrySkip(ref reader, schema, 0, 32, 1000), $"{name}, prefix {length}");
            Assert.False(reader.HasError, $"{name}, prefix {length}: {reader.Error}");
        }
    }

    [Fact]
    public void TrySkip_BlocksWithByteSizes_SkipsWholeBlocks()
    {
        // Array of long: a block of -2 items in 2 bytes, a block of 1 item without size, the end.
        byte[] input = [0x03, 0x04, 0x02, 0x04, 0x02, 0x06, 0x00, Sentinel];
        var reader = new AvroReader(input);

        Assert.True(AvroSkipper.TrySkip(ref reader, AvroSchemaParser.Parse("""{"type": "array", "items": "long"}"""), 0, 32, 10));

        Assert.Equal(input.Length - 1, reader.Position);
    }

    [Fact]
    public void TrySkip_MapBlockWithByteSize_SkipsKeysAndValues()
    {
        // {"a": 1} as a block of -1 entries in 3 bytes.
        byte[] input = [0x01, 0x06, 0x02, 0x61, 0x02, 0x00, Sentinel];
        var reader = new AvroReader(input);

        Assert.True(AvroSkipper.TrySkip(ref reader, AvroSchemaParser.Parse("""{"type": "map", "values": "int"}"""), 0, 32, 10));

        Assert.Equal(input.Length - 1, reader.Position);
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void TrySkip_ElementsAcrossBlocks_LimitedInTotal(int total, bool ok)
    {
        // Blocks of 6 and total - 6 nulls against a limit of 10.
        byte[] input = [.. Frames.Varint(6), .. Frames.Varint(total - 6), 0x00];
        var reader = new AvroReader(input, origin: 7);

        bool skipped = AvroSkipper.TrySkip(ref reader, AvroSchemaParser.Parse("""{"type": "array", "items": "null"}"""), 0, 32, 10);

        Assert.Equal(ok, skipped);
        Assert.Equal(ok ? AvroError.None : new AvroError(AvroErrorCode.TooManyItems, 8), reader.Error);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public void TrySkip_DeeperThanMaxDepth_NestingTooDeep(int maxDepth, bool ok)
    {
        // Record, array element, int: depth 3 at the int.
        const string Json = """{"type": "record", "name": "R", "fields": [{"name": "a", "type": {"type": "array", "items": "int"}}]}""";
        var reader = new AvroReader([0x02, 0x02, 0x00]);

        bool skipped = AvroSkipper.TrySkip(ref reader, AvroSchemaParser.Parse(Json), 1, maxDepth, 10);

        Assert.Equal(ok, skipped);
        Assert.Equal(ok ? AvroError.None : new AvroError(AvroErrorCode.NestingTooDeep, 1), reader.Error);
    }

    [Theory]
    [InlineData("\"boolean\"", new byte[] { 0x03 }, AvroErrorCode.InvalidBoolean, 0)]
    [InlineData("""{"type": "enum", "name": "E", "symbols": ["A"]}""", new byte[] { 0x02 }, AvroErrorCode.InvalidEnumIndex, 0)]
    [InlineData("""["null", "int"]""", new byte[] { 0x04 }, AvroErrorCode.InvalidUnionIndex, 0)]
    [InlineData("\"string\"", new byte[] { 0x02, 0xFF }, AvroErrorCode.InvalidUtf8, 1)]
    [InlineData("\"bytes\"", new byte[] { 0x05 }, AvroErrorCode.NegativeLength, 0)]
    [InlineData("""{"type": "map", "values": "null"}""", new byte[] { 0x02, 0x02, 0xC3, 0x00 }, AvroErrorCode.InvalidUtf8, 2)]
    public void TrySkip_CorruptValue_ErrorAtTheValue(string schemaJson, byte[] input, AvroErrorCode code, int offset)
    {
        var reader = new AvroReader(input);

        Assert.False(AvroSkipper.TrySkip(ref reader, AvroSchemaParser.Parse(schemaJson), 0, 32, 10));

        Assert.Equal(new AvroError(code, offset), reader.Error);
    }
}
