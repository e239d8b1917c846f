using ParcelStream.Codec.Fuzz;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// Keeps the fuzz harness compiling and its seed corpus meaningful: the per-input function runs clean on every seed,
/// the valid seeds decode, the broken ones do not, and the committed corpus is what the harness writes today.
/// </summary>
public sealed class FuzzCorpusTests
{
    private static readonly Lazy<string> s_corpus = new(FindCorpus);

    // Schema fields that the evolved writer schema dropped: the reader's defaults (null) fill them.
    private static readonly ManifestField[] s_droppedByEvolvedWriter =
    [
        ManifestField.AirWaybill, ManifestField.TransportArrivalPort, ManifestField.ConsignorPhone, ManifestField.ConsigneePhone, ManifestField.SellerId,
    ];

    private readonly ManifestDecoder _auto = new(FuzzSchemas.Registry);
    private readonly ManifestDecoder _evolvedRaw = new(FuzzSchemas.Registry, rawWriterFingerprint: FuzzSchemas.EvolvedManifest.Fingerprint());

    public static TheoryData<string> AllSeeds() => Seeds(string.Empty);

    public static TheoryData<string> ManifestSeeds()
    {
        TheoryData<string> data = Seeds("valid-");
        foreach (string name in Seeds("evolved-"))
        {
            data.Add(name);
        }

        return data;
    }

    public static TheoryData<string> BrokenSeeds() => Seeds("broken-");

    [Theory]
    [MemberData(nameof(AllSeeds))]
    public void Run_CorpusSeed_DoesNotThrow(string seed)
    {
        byte[] input = Read(seed);

        Exception? thrown = Record.Exception(() => ManifestFuzzTarget.Run(input));

        Assert.Null(thrown);
    }

    [Theory]
    [MemberData(nameof(ManifestSeeds))]
    public void Decode_ValidSeed_ReadsTheManifest(string seed)
    {
        byte[] input = Read(seed);
        var view = new ManifestView();

        AvroError error = DecoderFor(seed).Decode(input, 0, input.Length, view);

        Assert.False(error.IsError, $"{seed}: {error}");
        Assert.Equal(seed.Contains("typical", StringComparison.Ordinal) ? 3 : 0, view.ItemCount);
        Assert.Equal(seed.Contains("typical", StringComparison.Ordinal) ? "MF-2026-11-23-000000001"u8.ToArray() : "M"u8.ToArray(), view.ManifestId.ToArray());
    }

    [Theory]
    [MemberData(nameof(BrokenSeeds))]
    public void Decode_BrokenSeed_ReturnsError(string seed)
    {
        byte[] input = Read(seed);

        AvroError error = _auto.Decode(input, 0, input.Length, new ManifestView());

        Assert.True(error.IsError, seed);
    }

    [Theory]
    [InlineData("evolved-typical-confluent.bin")]
    [InlineData("evolved-typical-single-object.bin")]
    [InlineData("evolved-typical-raw.bin")]
    public void Decode_EvolvedSeed_ReadsWhatTheReaderSchemaSeed_Reads(string seed)
    {
        byte[] expectedBytes = Read("valid-typical-confluent.bin");
        var expected = new ManifestView();
        Assert.False(_auto.Decode(expectedBytes, 0, expectedBytes.Length, expected).IsError);
        byte[] input = Read(seed);
        var view = new ManifestView();

        AvroError error = DecoderFor(seed).Decode(input, 0, input.Length, view);

        Assert.False(error.IsError, error.ToString());
        for (int f = 0; f < ManifestLayout.FieldCount; f++)
        {
            var field = (ManifestField)f;
            string path = ManifestLayout.PathOf(field);
            if (Array.IndexOf(s_droppedByEvolvedWriter, field) >= 0)
            {
                Assert.True(view.IsNull(field), path);
            }
            else if (ManifestLayout.KindOf(field) is FieldKind.String or FieldKind.NullableString)
            {
                Assert.True(expected.GetString(field).SequenceEqual(view.GetString(field)), path);
                Assert.Equal(expected.IsNull(field), view.IsNull(field));
            }
            else
            {
                Assert.Equal(expected.GetInt64(field), view.GetInt64(field));
            }
        }

        Assert.Equal(expected.ItemCount, view.ItemCount);
        for (int i = 0; i < view.ItemCount; i++)
        {
            for (int f = 0; f < ManifestLayout.ItemFieldCount; f++)
            {
                var field = (ItemField)f;
                Assert.True(expected.GetItemString(i, field).SequenceEqual(view.GetItemString(i, field)), ManifestLayout.NameOf(field));
                Assert.Equal(expected.GetItemInt64(i, field), view.GetItemInt64(i, field));
            }
        }
    }

    [Fact]
    public void TrySkip_GenericSeed_ConsumesTheWholeValue()
    {
        byte[] input = Read("generic-blob.bin");
        var reader = new AvroReader(input);

        bool skipped = AvroSkipper.TrySkip(ref reader, FuzzSchemas.Generic, 0, 32, 1000);

        Assert.True(skipped, reader.Error.ToString());
        Assert.Equal(input.Length, reader.Position);
    }

    [Fact]
    public void WriteCorpus_IntoEmptyDirectory_WritesTheCommittedSeeds()
    {
        string directory = Path.Combine(Path.GetTempPath(), "parcelstream-corpus-" + Guid.NewGuid().ToString("N"));
        try
        {
            int written = CorpusWriter.Write(directory);

            string[] files = Directory.GetFiles(directory);
            Assert.Equal(written, files.Length);
            foreach (string file in files)
            {
                string committed = Path.Combine(s_corpus.Value, Path.GetFileName(file));
                Assert.True(File.Exists(committed), $"{Path.GetFileName(file)} is not committed; run the harness with --write-corpus tests/ParcelStream.Codec.Fuzz/corpus");
                Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{Path.GetFileName(file)} differs from what the harness writes now");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private ManifestDecoder DecoderFor(string seed) =>
        seed.StartsWith("evolved-", StringComparison.Ordinal) && seed.EndsWith("-raw.bin", StringComparison.Ordinal) ? _evolvedRaw : _auto;

    private static TheoryData<string> Seeds(string prefix)
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(s_corpus.Value).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                data.Add(name);
            }
        }

        return data;
    }

    private static byte[] Read(string seed) => File.ReadAllBytes(Path.Combine(s_corpus.Value, seed));

    private static string FindCorpus()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string corpus = Path.Combine(dir.FullName, "tests", "ParcelStream.Codec.Fuzz", "corpus");
            if (Directory.Exists(corpus))
            {
                return corpus;
            }
        }

        throw new InvalidOperationException($"No tests/ParcelStream.Codec.Fuzz/corpus above {AppContext.BaseDirectory}.");
    }
}
