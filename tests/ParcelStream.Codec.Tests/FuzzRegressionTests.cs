using System.Buffers;
using System.Text;
using System.Text.Unicode;
using ParcelStream.Codec.Fuzz;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// Inputs on which the fuzz harness found the codec throwing, hanging or breaking an invariant, replayed through the
/// same per-input function after the fix (each must finish quickly and throw nothing); and the edges of the
/// straight-line plan's fast path, where the harness checks that it agrees with the resolving plan.
/// </summary>
public sealed class FuzzRegressionTests
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(10);

    [Theory]
    // Generic skip: an array of nulls whose second block count (long.MaxValue) overflowed the element total past the
    // limit, so the skipper looped for ever (seen while writing the harness; AvroSkipper now compares before adding).
    [InlineData("skip-null-array-count-overflow", "00000000000000000000000000000000" + "0000" + "0202" + "00" + "02" + "feffffffffffffffff01")]
    // The same overflow as AFL++ found it (run of 2026-11-23, saved hangs 0, 4 and 8 of 10, all this one bug): the
    // havoc stage turned the generic-blob seed's null arrays into blocks of near-maximal counts.
    [InlineData("afl-hang-000000", "3031243031321936373839616263000000006200090010026e00026902020202020202020202e30102020202303132333435fffffffffffffffffffffffffffffffffffffffffffffeffffffffffffffff3f0266")]
    [InlineData("afl-hang-000004", "3731626262626262626262626263000000006200090010026e0002690202028000020202024e020203020202303132333435ffffffffffffff0001ffffffffffffffffffffffff0080ffffffffffffffff3f0266")]
    [InlineData("afl-hang-000008", "3031243031322e36373839616263000000006200090010026e00026902020202020002000002020202020202303132333435ffffffffffffffff0800ffffffffffffffffffffffffeeffffffffffffffff3f0266")]
    public async Task Run_FuzzFinding_FinishesWithoutThrowing(string finding, string hex)
    {
        byte[] input = Convert.FromHexString(hex);

        Task run = Task.Run(() => ManifestFuzzTarget.Run(input));
        Task first = await Task.WhenAny(run, Task.Delay(s_hangGuard));

        Assert.True(first == run, $"{finding} still runs after {s_hangGuard.TotalSeconds} s");
        await run; // rethrows what the harness threw
    }

    [Fact]
    public void TrySkip_NullArrayBlockCountOverflowingTheTotal_FailsTooManyItems()
    {
        AvroSchema schema = AvroSchemaParser.Parse("""{"type": "array", "items": "null"}""");
        byte[] input = Convert.FromHexString("02" + "feffffffffffffffff01");
        var reader = new AvroReader(input);

        bool skipped = AvroSkipper.TrySkip(ref reader, schema, 0, 32, 100_000);

        Assert.False(skipped);
        Assert.Equal(new AvroError(AvroErrorCode.TooManyItems, 1), reader.Error);
        Assert.Equal(1, reader.Position);
    }

    public static TheoryData<string, string> StringEdges()
    {
        var data = new TheoryData<string, string>();
        string[] texts =
        [
            string.Empty, "A", "ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "Müller", "ABCDEFGHIJKLMNü", "Jürgen Müller-Lüdenscheid",
            "中国邮政", "Ωμέγα", "📦 parcel", new string('x', 63), new string('x', 64), new string('y', 200), "ÄÖÜäöüß" + new string('z', 40),
        ];
        foreach (string text in texts)
        {
            data.Add("valid", Convert.ToHexString(Encoding.UTF8.GetBytes(text)));
        }

        // Invalid UTF-8 of up to 16 bytes, where the fast path decides with masks: each must come out InvalidUtf8.
        string[] invalid = ["C3", "41C3", "4142434445464748494A4B4C4D4E4FC3", "C080", "C1BF", "80", "41804142", "C3C3", "E4B8", "F0", "FF", "C3A4C3"];
        foreach (string hex in invalid)
        {
            data.Add("invalid", hex);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StringEdges))]
    public void Decode_StringEdgeInFirstOrLastField_MatchesUtf8RulesAndTheResolvingPlan(string kind, string hex)
    {
        byte[] text = Convert.FromHexString(hex);
        var decoder = new ManifestDecoder(SchemaRegistry.Default, framing: MessageFraming.Raw); // an empty first string would look like Confluent framing
        foreach (bool last in new[] { false, true })
        {
            byte[] message = WithString(text, last);
            var view = new ManifestView();

            AvroError error = decoder.Decode(message, 0, message.Length, view);

            Assert.Equal(kind == "valid", Utf8.IsValid(text));
            Assert.Equal(Utf8.IsValid(text) ? AvroErrorCode.None : AvroErrorCode.InvalidUtf8, error.Code);
            if (!error.IsError)
            {
                Assert.Equal(text, (last ? view.GetString(ManifestField.SellerId) : view.ManifestId).ToArray());
            }

            ManifestFuzzTarget.Run(message); // the harness compares the straight-line plan with the resolving one
        }
    }

    [Theory]
    [InlineData(MessageFraming.Raw)]
    [InlineData(MessageFraming.Confluent)]
    public void Run_EveryPrefixOfTheTypicalManifest_PlansAgree(MessageFraming framing)
    {
        byte[] message = ManifestEncoder.ToBytes(SampleManifests.Typical(), framing);
        var decoder = new ManifestDecoder(SchemaRegistry.Default);
        for (int length = 0; length < message.Length; length++)
        {
            AvroError error = decoder.Decode(message, 0, length, new ManifestView());

            Assert.True(error.Code is AvroErrorCode.Truncated or AvroErrorCode.UnknownMagicByte, $"{length} bytes: {error}");
            ManifestFuzzTarget.Run(message.AsSpan(0, length));
        }
    }

    /// <summary>The typical manifest, raw, with <paramref name="text"/> as manifestId (first field) or sellerId (last field).</summary>
    private static byte[] WithString(byte[] text, bool last)
    {
        const string Marker = "\u0001MARK\u0001";
        ManifestRecord m = SampleManifests.Typical();
        if (last)
        {
            m.SellerId = Marker;
        }
        else
        {
            m.ManifestId = Marker;
        }

        byte[] encoded = ManifestEncoder.ToBytes(m);
        byte[] marker = Encoding.UTF8.GetBytes(Marker);
        int at = encoded.AsSpan().IndexOf(marker);
        var output = new ArrayBufferWriter<byte>();
        output.Write(encoded.AsSpan(0, at - 1)); // up to the marker's one-byte length
        var writer = new AvroWriter(output);
        writer.WriteBytes(text);
        writer.Flush();
        output.Write(encoded.AsSpan(at + marker.Length));
        return output.WrittenSpan.ToArray();
    }
}
