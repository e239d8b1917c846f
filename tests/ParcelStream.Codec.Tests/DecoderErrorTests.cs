using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// Corrupt input, one reachable <see cref="AvroErrorCode"/> at a time, checked for code and offset. The messages are
/// the empty manifest (every value one byte, see <see cref="SampleManifests.Empty"/>) with bad bytes spliced in,
/// Confluent-framed, so offsets include the 5 header bytes.
/// </summary>
public sealed class DecoderErrorTests
{
    private const int Header = 5;
    private const int ExtraId = 42;

    private static readonly byte[] s_empty = ManifestEncoder.ToBytes(SampleManifests.Empty());
    private static readonly ManifestDecoder s_decoder = new(SchemaRegistry.Default, framing: MessageFraming.Confluent);
    private static readonly ManifestDecoder s_detecting = new(SchemaRegistry.Default);

    [Fact]
    public void EmptyManifest_EveryValueIsOneByte()
    {
        Assert.Equal(SampleManifests.EmptyLength, s_empty.Length);
        Assert.All(s_empty, b => Assert.Equal(0, b));
        Assert.Equal(AvroError.None, Decode(s_empty));
    }

    [Theory]
    [InlineData(ManifestField.CreatedAt, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(ManifestField.ManifestId, new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 })]
    [InlineData(ManifestField.GrossWeightGrams, new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 })]
    public void Decode_VarintOverItsLength_VarintTooLong(ManifestField field, byte[] varint)
    {
        AssertError(AvroErrorCode.VarintTooLong, Header + SampleManifests.EmptyOffsetOf(field), Splice(field, varint));
    }

    [Theory]
    [InlineData(ManifestField.Pieces)]
    [InlineData(ManifestField.GrossWeightGrams)]
    public void Decode_IntOver32Bits_IntOverflow(ManifestField field)
    {
        AssertError(AvroErrorCode.IntOverflow, Header + SampleManifests.EmptyOffsetOf(field), Splice(field, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F));
    }

    [Fact]
    public void Decode_ItemIntOver32Bits_IntOverflow()
    {
        // One goods line: block count, description, hsCode, then quantity.
        byte[] datum = SpliceAt(SampleManifests.EmptyItemsOffset, 0x02, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0x00, 0x00, 0x00, 0x00);

        AssertError(AvroErrorCode.IntOverflow, Header + SampleManifests.EmptyItemsOffset + 3, datum);
    }

    [Theory]
    [InlineData(ManifestField.ManifestId)]
    [InlineData(ManifestField.ConsigneeCity)]
    [InlineData(ManifestField.SellerId)]
    public void Decode_NegativeStringLength_NegativeLength(ManifestField field)
    {
        // A nullable field gets the string branch first.
        bool nullable = ManifestLayout.KindOf(field) == FieldKind.NullableString;
        byte[] datum = Splice(field, nullable ? [0x02, 0x01] : [0x01]);

        AssertError(AvroErrorCode.NegativeLength, Header + SampleManifests.EmptyOffsetOf(field) + (nullable ? 1 : 0), datum);
    }

    [Fact]
    public void Decode_NegativeBlockByteSize_NegativeLength()
    {
        // Block count -1 (0x01) announces a byte size, here -3 (0x05).
        AssertError(AvroErrorCode.NegativeLength, Header + SampleManifests.EmptyItemsOffset + 1, SpliceAt(SampleManifests.EmptyItemsOffset, 0x01, 0x05));
    }

    [Fact]
    public void Decode_StringOverDefaultLimit_StringTooLongWithoutWaitingForTheBytes()
    {
        byte[] datum = Splice(ManifestField.ManifestId, Frames.Varint(CodecLimits.Default.MaxStringBytes + 1L));

        AssertError(AvroErrorCode.StringTooLong, Header, datum);
    }

    [Theory]
    [InlineData("abcd", AvroErrorCode.None)]
    [InlineData("abcde", AvroErrorCode.StringTooLong)]
    public void Decode_StringOverConfiguredLimit_StringTooLong(string consigneeName, AvroErrorCode expected)
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default, new CodecLimits { MaxStringBytes = 4 }, MessageFraming.Confluent);
        byte[] datum = Splice(ManifestField.ConsigneeName, [.. Frames.Varint(consigneeName.Length), .. Encoding.UTF8.GetBytes(consigneeName)]);
        byte[] message = Frames.Confluent(1, datum);

        AvroError error = decoder.Decode(message, 0, message.Length, new ManifestView());

        Assert.Equal(expected == AvroErrorCode.None ? AvroError.None : new AvroError(expected, Header + SampleManifests.EmptyOffsetOf(ManifestField.ConsigneeName)), error);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(SampleManifests.EmptyLength)]
    public void Decode_StringLengthBeyondTheInput_TruncatedAtTheString(int length)
    {
        // The bytes after the length are fewer than it says: the value is incomplete, reported where it starts.
        AssertError(AvroErrorCode.Truncated, Header, Splice(ManifestField.ManifestId, Frames.Varint(length)));
    }

    public static TheoryData<string, byte[], int> ItemBlocksOverThree() => new()
    {
        { "one block of 4", [0x08], 0 },
        { "blocks of 2 and 2", [0x04, .. new byte[12], 0x04], 13 },
        { "count -4 with a byte size", [0x07, 0x0A], 0 },
    };

    [Theory]
    [MemberData(nameof(ItemBlocksOverThree))]
    public void Decode_ItemsOverMaxItems_TooManyItemsAtTheBlock(string name, byte[] blocks, int blockOffset)
    {
        // MaxItems 3; a goods line of the empty manifest is 6 bytes.
        var decoder = new ManifestDecoder(SchemaRegistry.Default, new CodecLimits { MaxItems = 3 }, MessageFraming.Confluent);
        byte[] message = Frames.Confluent(1, SpliceAt(SampleManifests.EmptyItemsOffset, blocks));

        AvroError error = decoder.Decode(message, 0, message.Length, new ManifestView());

        Assert.True(new AvroError(AvroErrorCode.TooManyItems, Header + SampleManifests.EmptyItemsOffset + blockOffset) == error, $"{name}: {error}");
    }

    [Theory]
    [InlineData(1000L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Decode_HugeItemCount_FailsFastWithTooManyItems(long count)
    {
        AssertError(AvroErrorCode.TooManyItems, Header + SampleManifests.EmptyItemsOffset, SpliceAt(SampleManifests.EmptyItemsOffset, Frames.Varint(count)));
    }

    [Fact]
    public void Decode_SkippedFieldNestedTooDeep_NestingTooDeep()
    {
        // A writer-only field of 40 nested arrays, one element each: skipping it passes CodecLimits.MaxDepth (32)
        // after the block counts of the 32 outer arrays.
        ManifestDecoder decoder = DecoderWithExtraField(NestedArrays(40));
        byte[] value = [.. Enumerable.Repeat((byte)0x02, 40), 0x02, .. new byte[40]];

        AvroError error = Decode(decoder, [.. s_empty, .. value], ExtraId);

        Assert.Equal(new AvroError(AvroErrorCode.NestingTooDeep, Header + SampleManifests.EmptyLength + 32), error);
    }

    [Fact]
    public void Decode_SkippedFieldNestedWithinTheLimit_Decodes()
    {
        ManifestDecoder decoder = DecoderWithExtraField(NestedArrays(30));
        byte[] value = [.. Enumerable.Repeat((byte)0x02, 30), 0x02, .. new byte[30]];

        Assert.Equal(AvroError.None, Decode(decoder, [.. s_empty, .. value], ExtraId));
    }

    [Fact]
    public void Decode_SkippedRecordsNestedOverAConfiguredDepth_NestingTooDeep()
    {
        // Records cost no bytes: the error is where the field starts.
        ManifestDecoder decoder = DecoderWithExtraField(NestedRecords(12), new CodecLimits { MaxDepth = 8 });

        Assert.Equal(new AvroError(AvroErrorCode.NestingTooDeep, Header + SampleManifests.EmptyLength), Decode(decoder, [.. s_empty, 0x02], ExtraId));
    }

    [Theory]
    [InlineData("""{"type": "array", "items": "null"}""", 100_001L)]
    [InlineData("""{"type": "array", "items": "null"}""", long.MaxValue)]
    [InlineData("""{"type": "array", "items": "null"}""", -100_001L)]
    [InlineData("""{"type": "map", "values": "null"}""", 100_001L)]
    [InlineData("""{"type": "array", "items": "int"}""", 100_001L)]
    public void Decode_SkippedCollectionOverMaxCollectionItems_FailsFastWithTooManyItems(string type, long count)
    {
        // An array of nulls costs no input per element: only the element limit stops the loop.
        ManifestDecoder decoder = DecoderWithExtraField($$"""{"name": "junk", "type": {{type}}}""");
        byte[] block = count < 0 ? [.. Frames.Varint(count), .. Frames.Varint(0)] : Frames.Varint(count);

        AvroError error = Decode(decoder, [.. s_empty, .. block, 0x00], ExtraId);

        Assert.Equal(new AvroError(AvroErrorCode.TooManyItems, Header + SampleManifests.EmptyLength), error);
    }

    [Fact]
    public void Decode_SkippedNullArrayBlocksAddingUpOverTheLimit_TooManyItemsAtTheSecondBlock()
    {
        // The second count would overflow a running total: the limit must be checked before adding.
        ManifestDecoder decoder = DecoderWithExtraField("""{"name": "junk", "type": {"type": "array", "items": "null"}}""");
        byte[] first = Frames.Varint(60_000);

        AvroError error = Decode(decoder, [.. s_empty, .. first, .. Frames.Varint(long.MaxValue), 0x00], ExtraId);

        Assert.Equal(new AvroError(AvroErrorCode.TooManyItems, Header + SampleManifests.EmptyLength + first.Length), error);
    }

    [Theory]
    [InlineData(ManifestField.AirWaybill, 0x04)]
    [InlineData(ManifestField.AirWaybill, 0x01)]
    [InlineData(ManifestField.ConsignorPhone, 0x7E)]
    public void Decode_UnionIndexOutsideTheUnion_InvalidUnionIndex(ManifestField field, byte index)
    {
        AssertError(AvroErrorCode.InvalidUnionIndex, Header + SampleManifests.EmptyOffsetOf(field), Splice(field, index));
    }

    [Fact]
    public void Decode_SkippedUnionIndexOutsideTheUnion_InvalidUnionIndex()
    {
        ManifestDecoder decoder = DecoderWithExtraField("""{"name": "maybe", "type": ["null", "int"]}""");

        Assert.Equal(new AvroError(AvroErrorCode.InvalidUnionIndex, Header + SampleManifests.EmptyLength), Decode(decoder, [.. s_empty, 0x04], ExtraId));
    }

    [Theory]
    [InlineData(ManifestField.OperatorType, 0x06)]
    [InlineData(ManifestField.TransportMode, 0x08)]
    [InlineData(ManifestField.Category, 0x0C)]
    [InlineData(ManifestField.Category, 0x01)]
    public void Decode_EnumIndexOutsideTheEnum_InvalidEnumIndex(ManifestField field, byte index)
    {
        AssertError(AvroErrorCode.InvalidEnumIndex, Header + SampleManifests.EmptyOffsetOf(field), Splice(field, index));
    }

    [Fact]
    public void Decode_ResolvingPlanEnumIndexOutsideTheEnum_InvalidEnumIndex()
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default, null, MessageFraming.Confluent, null, useExactPlan: false);

        Assert.Equal(
            new AvroError(AvroErrorCode.InvalidEnumIndex, Header + SampleManifests.EmptyOffsetOf(ManifestField.OperatorType)),
            Decode(decoder, Splice(ManifestField.OperatorType, 0x06), SchemaRegistry.DefaultManifestSchemaId));
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0xFF)]
    public void Decode_SkippedBooleanNeitherZeroNorOne_InvalidBoolean(byte value)
    {
        ManifestDecoder decoder = DecoderWithExtraField("""{"name": "flag", "type": "boolean"}""");

        Assert.Equal(new AvroError(AvroErrorCode.InvalidBoolean, Header + SampleManifests.EmptyLength), Decode(decoder, [.. s_empty, value], ExtraId));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0x80 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 })]
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0xFF })]
    public void Decode_InvalidUtf8_InvalidUtf8AtTheStringBytes(byte[] bytes)
    {
        byte[] datum = Splice(ManifestField.ConsignorCity, [.. Frames.Varint(bytes.Length), .. bytes]);

        // The offset is that of the string's first byte, after its length.
        AssertError(AvroErrorCode.InvalidUtf8, Header + SampleManifests.EmptyOffsetOf(ManifestField.ConsignorCity) + 1, datum);
    }

    [Fact]
    public void Decode_ValidNonBmpUtf8_Decodes()
    {
        byte[] city = Encoding.UTF8.GetBytes("Köln 🏙️ 東京 𝄞");
        byte[] message = Frames.Confluent(1, Splice(ManifestField.ConsignorCity, [.. Frames.Varint(city.Length), .. city]));
        var view = new ManifestView();

        Assert.Equal(AvroError.None, s_decoder.Decode(message, 0, message.Length, view));
        Assert.Equal(city, view.GetString(ManifestField.ConsignorCity).ToArray());
    }

    [Theory]
    [InlineData(MessageFraming.Confluent, 0x05)]
    [InlineData(MessageFraming.Confluent, 0xC3)]
    [InlineData(MessageFraming.SingleObject, 0x00)]
    public void Decode_WrongMagicForTheConfiguredFraming_UnknownMagicByte(MessageFraming framing, byte first)
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default, framing: framing);
        byte[] message = Frames.Frame(framing, 1, ManifestEncoder.Fingerprint, s_empty);
        message[0] = first;

        Assert.Equal(new AvroError(AvroErrorCode.UnknownMagicByte, 0), decoder.Decode(message, 0, message.Length, new ManifestView()));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    [InlineData(SchemaRegistry.DefaultDecisionSchemaId)]
    public void Decode_SchemaIdNotAManifestInTheRegistry_UnknownSchemaId(int id)
    {
        byte[] message = Frames.Confluent(id, s_empty);

        Assert.Equal(new AvroError(AvroErrorCode.UnknownSchemaId, 1), s_decoder.Decode(message, 0, message.Length, new ManifestView()));
    }

    [Theory]
    [InlineData(0x1234UL)]
    [InlineData(0UL)]
    public void Decode_FingerprintNotInTheRegistry_UnknownFingerprint(ulong fingerprint)
    {
        byte[] message = Frames.SingleObject(fingerprint, s_empty);

        Assert.Equal(new AvroError(AvroErrorCode.UnknownFingerprint, 2), new ManifestDecoder(SchemaRegistry.Default).Decode(message, 0, message.Length, new ManifestView()));
    }

    [Fact]
    public void Decode_DecisionSchemaFingerprint_UnknownFingerprint()
    {
        // Registered, but not a manifest: the decoder has no plan for it.
        byte[] message = Frames.SingleObject(SchemaRegistry.DecisionSchema.Fingerprint(), s_empty);

        Assert.Equal(new AvroError(AvroErrorCode.UnknownFingerprint, 2), new ManifestDecoder(SchemaRegistry.Default).Decode(message, 0, message.Length, new ManifestView()));
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xFF })]
    public void Decode_BytesAfterTheDatum_TrailingBytes(byte[] trailing)
    {
        AssertError(AvroErrorCode.TrailingBytes, Header + SampleManifests.EmptyLength, [.. s_empty, .. trailing]);
    }

    [Theory]
    [InlineData(Header + SampleManifests.EmptyLength - 1, AvroErrorCode.MessageTooLarge)]
    [InlineData(Header + SampleManifests.EmptyLength, AvroErrorCode.None)]
    public void Decode_MessageOverMaxMessageBytes_MessageTooLargeAtTheLimit(int limit, AvroErrorCode expected)
    {
        var decoder = new ManifestDecoder(SchemaRegistry.Default, new CodecLimits { MaxMessageBytes = limit }, MessageFraming.Confluent);
        byte[] message = Frames.Confluent(1, s_empty);
        AvroError expectedError = expected == AvroErrorCode.None ? AvroError.None : new AvroError(expected, limit);

        Assert.Equal(expectedError, decoder.Decode(message, 0, message.Length, new ManifestView()));
        Assert.Equal(expectedError, decoder.Decode(message.AsSpan(), new ManifestView()));
    }

    [Fact]
    public void Decode_RandomBytes_NeverThrowsAndOffsetsStayInTheMessage()
    {
        Gen.Byte.Array[0, 120].Sample(
            bytes =>
            {
                foreach (ManifestDecoder decoder in new[] { s_decoder, s_detecting })
                {
                    AvroError error = decoder.Decode(bytes, 0, bytes.Length, new ManifestView());
                    Assert.InRange(error.Offset, 0, bytes.Length);
                }
            },
            iter: 2000);
    }

    [Fact]
    public void Decode_ValidMessageWithOneByteChanged_NeverThrowsAndOffsetsStayInTheMessage()
    {
        Gen.Select(Generators.Manifest, Gen.Int[0, int.MaxValue], Gen.Byte).Sample(
            (m, at, value) =>
            {
                byte[] message = ManifestEncoder.ToBytes(m, MessageFraming.Confluent);
                message[at % message.Length] = value;
                var view = new ManifestView();
                AvroError error = s_detecting.Decode(message, 0, message.Length, view);
                Assert.InRange(error.Offset, 0, message.Length);
                if (!error.IsError)
                {
                    // Whatever decoded is readable.
                    _ = view.ToString();
                    for (int i = 0; i < view.ItemCount; i++)
                    {
                        _ = view.GetItemString(i, ItemField.Description);
                    }
                }
            },
            iter: 500);
    }

    private static byte[] Splice(ManifestField field, params byte[] bytes) => SpliceAt(SampleManifests.EmptyOffsetOf(field), bytes);

    /// <summary>Replaces the one-byte value at <paramref name="offset"/> of the empty manifest.</summary>
    private static byte[] SpliceAt(int offset, params byte[] bytes) => Frames.Splice(s_empty, offset, 1, bytes);

    private static void AssertError(AvroErrorCode code, int offset, byte[] datum) =>
        Assert.Equal(new AvroError(code, offset), Decode(datum));

    private static AvroError Decode(byte[] datum) => Decode(s_decoder, datum, SchemaRegistry.DefaultManifestSchemaId);

    private static AvroError Decode(ManifestDecoder decoder, byte[] datum, int schemaId)
    {
        byte[] message = Frames.Confluent(schemaId, datum);
        return decoder.Decode(message, 0, message.Length, new ManifestView());
    }

    /// <summary>A decoder whose registry also holds the product schema with one more field at the end (id 42).</summary>
    private static ManifestDecoder DecoderWithExtraField(string fieldJson, CodecLimits? limits = null)
    {
        JsonObject schema = SchemaJson.Manifest();
        SchemaJson.AddField(schema, fieldJson);
        var registry = new SchemaRegistry(
        [
            new RegisteredSchema(ExtraId, AvroSchemaParser.Parse(schema.ToJsonString()), "extra field"),
            new RegisteredSchema(SchemaRegistry.DefaultManifestSchemaId, SchemaRegistry.ManifestSchema, "product manifest"),
        ]);
        return new ManifestDecoder(registry, limits, MessageFraming.Confluent);
    }

    private static string NestedArrays(int depth)
    {
        string type = "\"int\"";
        for (int i = 0; i < depth; i++)
        {
            type = $$"""{"type": "array", "items": {{type}}}""";
        }

        return $$"""{"name": "deep", "type": {{type}}}""";
    }

    private static string NestedRecords(int depth)
    {
        string type = "\"int\"";
        for (int i = depth; i > 0; i--)
        {
            type = $$"""{"type": "record", "name": "N{{i}}", "fields": [{"name": "n", "type": {{type}}}]}""";
        }

        return $$"""{"name": "deep", "type": {{type}}}""";
    }
}
