using ParcelStream.Codec.Manifest;
using ParcelStream.Learning.Tests.Support;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning.Tests;

public sealed class TrainingDataReaderTests : IDisposable
{
    private const long Hour = 3_600_000;
    private static readonly long s_t0 = SyntheticHistory.Start.ToUnixTimeMilliseconds();
    private readonly string _directory = Directory.CreateTempSubdirectory("ps-reader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_ResultsInTimeOrder_HistoryCountsOnlyEarlierInspections()
    {
        // Seller S-1: parcel A at 0 h (FOUND, inspected at 1 h), B at 2 h (CLEAN, inspected at 5 h), C at 4 h (FOUND, inspected at 6 h).
        TrainingData data = ReadAt(
            [Manifests.Parcel("A", s_t0), Manifests.Parcel("B", s_t0 + (2 * Hour)), Manifests.Parcel("C", s_t0 + (4 * Hour))],
            "manifestId,result,inspectedAt\nA,FOUND,{0}\nB,CLEAN,{1}\nC,FOUND,{2}\n",
            s_t0 + Hour,
            s_t0 + (5 * Hour),
            s_t0 + (6 * Hour));

        float[] inspected = [.. Enumerable.Range(0, 3).Select(i => data.All.Row(i)[(int)RiskFeature.SellerInspected])];
        float risk = data.All.Row(1)[(int)RiskFeature.SellerRisk];

        Assert.Equal([0f, 1f, 1f], inspected);
        Assert.Equal((1 + 1) / (1 + 19 + 1f), risk, 6);
    }

    [Fact]
    public void Read_RandomSelections_WeightedByInverseRateCapped()
    {
        var engine = new RuleEngineOptions { RandomSelectionRate = 0.25, RandomSeed = 3 };
        var selection = new RandomSelection(engine);
        ManifestRecord[] parcels = [.. Enumerable.Range(0, 200).Select(i => Manifests.Parcel("P" + i, s_t0 + i))];
        string results = "manifestId,result\n" + string.Concat(parcels.Select((p, i) => $"{p.ManifestId},{(i % 2 == 0 ? "FOUND" : "CLEAN")}\n"));
        bool[] random = [.. parcels.Select(p => selection.IsSelected(System.Text.Encoding.UTF8.GetBytes(p.ManifestId)))];

        TrainingData capped = Read(parcels, results, options: o => { o.Engine = engine; o.MaxRandomWeight = 3; });
        TrainingData full = Read(parcels, results, options: o => o.Engine = engine);

        Assert.InRange(random.Count(r => r), 20, 80);
        Assert.Equal(random.Count(r => r), full.RandomLabelled);
        Assert.Equal(3, capped.RandomWeight);
        Assert.Equal(4, full.RandomWeight);
        int someRandom = Array.IndexOf(random, true), someOther = Array.IndexOf(random, false);
        Assert.Equal(4, full.All.Weights[someRandom] / full.All.Weights[someOther], 5);
        Assert.Equal(3, capped.All.Weights[someRandom] / capped.All.Weights[someOther], 5);
        Assert.Equal(200, full.All.Weights.Sum(), 2);
    }

    [Fact]
    public void Read_ValidationDays_NormsLearnedOnTrainingDaysOnly()
    {
        // Four days; the last has the only toy parcels.
        ManifestRecord[] parcels =
        [
            .. Enumerable.Range(0, 30).Select(i => Manifests.Parcel("H" + i, s_t0 + (i * 3 * Hour))),
            .. Enumerable.Range(0, 10).Select(i => Manifests.Parcel("T" + i, s_t0 + (3 * 24 * Hour) + i, hs: "950300", description: "toy car")),
        ];
        string results = "manifestId,result\n" + string.Concat(parcels.Select((p, i) => $"{p.ManifestId},{(i % 3 == 0 ? "FOUND" : "CLEAN")}\n"));

        TrainingData data = Read(parcels, results, options: o => o.ValidationDays = 1);

        Assert.Equal(4, data.Days);
        Assert.Equal(1, data.ValidationDays);
        Assert.Equal(new DateOnly(2026, 11, 5), data.FirstValidationDay);
        Assert.True(data.All.Norms.Hs.ContainsKey(950300));
        Assert.False(data.Validating!.Norms.Hs.ContainsKey(950300));
        Assert.True(data.Validating.Norms.Hs.ContainsKey(851830));
    }

    [Theory]
    [InlineData("manifestId,result\nNOPE,FOUND\n", "No manifest")]
    [InlineData("manifestId,result\nA,CLEAN\nB,CLEAN\n", "CLEAN")]
    [InlineData("manifestId,result\nA,MAYBE\n", "FOUND or CLEAN")]
    public void Read_UnusableResults_ClearError(string results, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read([Manifests.Parcel("A", s_t0), Manifests.Parcel("B", s_t0 + 1)], results));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingManifestFile_FileNotFound()
    {
        File.WriteAllText(Path.Combine(_directory, "r.csv"), "manifestId,result\nA,FOUND\n");
        var options = new TrainingOptions { ManifestPaths = [Path.Combine(_directory, "none.avro")], ResultPaths = [Path.Combine(_directory, "r.csv")] };

        Assert.Throws<FileNotFoundException>(() => TrainingDataReader.Read(options, Packs.Default));
    }

    private TrainingData ReadAt(ManifestRecord[] parcels, string results, params long[] times) => Read(parcels, string.Format(System.Globalization.CultureInfo.InvariantCulture, results, [.. times.Cast<object>()]), null);

    private TrainingData Read(ManifestRecord[] parcels, string results, Action<TrainingOptions>? options = null)
    {
        string manifests = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".avro");
        string resultsPath = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        Manifests.Write(manifests, parcels);
        File.WriteAllText(resultsPath, results);
        var o = new TrainingOptions { ManifestPaths = [manifests], ResultPaths = [resultsPath] };
        options?.Invoke(o);
        return TrainingDataReader.Read(o, Packs.Default);
    }
}
