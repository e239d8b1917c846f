using CsCheck;
using ParcelStream.Codec.Fuzz;
using ParcelStream.Codec.Inspections;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// The fuzz targets other than the decoder, run in <c>make test</c>: over their committed seeds, over random bytes and
/// over seeds with random bytes changed (CsCheck), each target's invariants hold and nothing throws. Long campaigns run
/// under AFL++ (scripts/fuzz.sh SECONDS TARGET); this keeps every target's checks exercised on each build.
/// </summary>
public sealed class FuzzTargetPropertyTests
{
    private static readonly Lazy<string> s_harness = new(() => Path.Combine(RepoPaths.SchemaDirectory, "..", "tests", "ParcelStream.Codec.Fuzz"));

    public static TheoryData<string> OtherTargets()
    {
        var data = new TheoryData<string>();
        foreach (string name in FuzzTargets.Names)
        {
            if (name != FuzzTargets.Default)
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OtherTargets))]
    public void Run_EverySeed_DoesNotThrow(string target)
    {
        FuzzTarget run = FuzzTargets.Find(target)!;
        string[] seeds = Directory.GetFiles(Corpus(target));

        Assert.NotEmpty(seeds);
        foreach (string seed in seeds)
        {
            byte[] input = File.ReadAllBytes(seed);
            Exception? thrown = Record.Exception(() => run(input));
            Assert.True(thrown is null, $"{Path.GetFileName(seed)}: {thrown}");
        }
    }

    [Theory]
    [MemberData(nameof(OtherTargets))]
    public void Run_RandomBytes_DoesNotThrow(string target)
    {
        FuzzTarget run = FuzzTargets.Find(target)!;

        Gen.Byte.Array[0, 300].Sample(input => run(input), iter: 3_000);
    }

    [Theory]
    [MemberData(nameof(OtherTargets))]
    public void Run_SeedWithBytesChanged_DoesNotThrow(string target)
    {
        FuzzTarget run = FuzzTargets.Find(target)!;
        byte[][] seeds = [.. Directory.GetFiles(Corpus(target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];
        Gen<byte[]> mutated =
            from seed in Gen.Int[0, seeds.Length - 1].Select(i => seeds[i])
            from changes in Gen.Select(Gen.Int[0, Math.Max(0, seed.Length - 1)], Gen.Byte).Array[1, 4]
            from cut in Gen.Int[0, seed.Length]
            select Mutate(seed, changes, cut);

        mutated.Sample(input => run(input), iter: 3_000);
    }

    [Theory]
    [MemberData(nameof(OtherTargets))]
    public void WriteCorpus_IntoEmptyDirectory_WritesTheCommittedSeeds(string target)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"parcelstream-corpus-{target}-" + Guid.NewGuid().ToString("N"));
        try
        {
            int written = CorpusWriter.Write(directory, target);

            string[] files = Directory.GetFiles(directory);
            Assert.Equal(written, files.Length);
            Assert.Equal(written, Directory.GetFiles(Corpus(target)).Length);
            foreach (string file in files)
            {
                string committed = Path.Combine(Corpus(target), Path.GetFileName(file));
                Assert.True(File.Exists(committed), $"{Path.GetFileName(file)} is not committed; run the harness with --target {target} --write-corpus tests/ParcelStream.Codec.Fuzz/{FuzzTargets.CorpusDirectory(target)}");
                Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{Path.GetFileName(file)} differs from what the harness writes now");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Read_RandomBytes_GivesAnErrorInsideTheInputOrAResult()
    {
        Gen.Byte.Array[0, 200].Sample(input =>
        {
            AvroError error = InspectionReportReader.Read(input, SchemaRegistry.Default, out InspectionReport? report);
            return error.IsError ? report is null && error.Offset >= 0 && error.Offset <= input.Length : report is not null;
        }, iter: 5_000);
    }

    [Theory]
    // AFL++ run of 2026-12-07 (inspection target, 23 saved crashes, all this one harness bug): a Confluent-framed
    // result with an empty manifestId, which the harness wrote again raw; a raw datum starting with 0x00 (the empty
    // manifestId's length) is read as Confluent framing, so it did not read back. The harness now writes Confluent.
    [InlineData("afl-crash-000000", "00000200000002000200000000")]
    [InlineData("afl-crash-000014", "00000202020000000600000002020202000000000600")]
    public void InspectionTarget_FuzzFinding_FinishesWithoutThrowing(string finding, string hex)
    {
        byte[] input = Convert.FromHexString(hex);

        Exception? thrown = Record.Exception(() => InspectionFuzzTarget.Run(input));

        Assert.True(thrown is null, $"{finding}: {thrown}");
    }

    [Fact]
    public void Read_RawResultWithEmptyManifestId_IsTakenForConfluentFraming()
    {
        // Why raw framing cannot carry every result: documented here so that a change to the framing detection shows.
        byte[] raw = InspectionReportWriter.ToArray(new InspectionReport(string.Empty, InspectionOutcome.Clean, "officer", 0));

        AvroError error = InspectionReportReader.Read(raw, SchemaRegistry.Default, out InspectionReport? report);

        Assert.Equal(0, raw[0]);
        Assert.True(error.IsError);
        Assert.Null(report);
    }

    private static string Corpus(string target) => Path.Combine(s_harness.Value, FuzzTargets.CorpusDirectory(target));

    private static byte[] Mutate(byte[] seed, (int At, byte Value)[] changes, int cut)
    {
        byte[] copy = [.. seed];
        foreach ((int at, byte value) in changes)
        {
            if (at < copy.Length)
            {
                copy[at] = value;
            }
        }

        return copy[..cut];
    }
}
