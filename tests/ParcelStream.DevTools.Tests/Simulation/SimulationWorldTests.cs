using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;
using ParcelStream.DevTools.Simulation;
using ParcelStream.Rules;
using ParcelStream.Rules.Capacity;

namespace ParcelStream.DevTools.Tests.Simulation;

public sealed class SimulationWorldTests
{
    // 24,000 parcels of a small world, encoded once for the tests that look at many parcels.
    private static readonly Lazy<List<(byte[] Bytes, ParcelTruth Truth, int Day)>> s_small = new(() =>
        [.. new SimulationWorld(new WorldOptions { Seed = 11, ParcelsPerDay = 8_000, Days = 3 }).AllDays().Select(p => (ManifestEncoder.ToBytes(p.Manifest), p.Truth, p.Day))]);

    [Fact]
    public void Day_SameSeed_SameBytesAndTruthInAnyOrder()
    {
        var a = new SimulationWorld(new WorldOptions { Seed = 5, ParcelsPerDay = 2_000, Days = 3 });
        var b = new SimulationWorld(new WorldOptions { Seed = 5, ParcelsPerDay = 2_000, Days = 3 });
        _ = b.Day(0).Count();

        var fromA = a.Day(2).Select(p => (ManifestEncoder.ToBytes(p.Manifest), p.Truth)).ToList();
        var fromB = b.Day(2).Select(p => (ManifestEncoder.ToBytes(p.Manifest), p.Truth)).ToList();

        Assert.Equal(fromA.Count, fromB.Count);
        for (int i = 0; i < fromA.Count; i++)
        {
            Assert.True(fromA[i].Item1.AsSpan().SequenceEqual(fromB[i].Item1), $"parcel {i} differs");
            Assert.Equal(fromA[i].Truth, fromB[i].Truth);
        }
    }

    [Fact]
    public void Day_DifferentSeeds_DifferentParcels()
    {
        byte[][] a = [.. new SimulationWorld(new WorldOptions { Seed = 1, ParcelsPerDay = 100, Days = 1 }).Day(0).Select(p => ManifestEncoder.ToBytes(p.Manifest))];
        byte[][] b = [.. new SimulationWorld(new WorldOptions { Seed = 2, ParcelsPerDay = 100, Days = 1 }).Day(0).Select(p => ManifestEncoder.ToBytes(p.Manifest))];

        Assert.Equal(0, a.Zip(b).Count(x => x.First.AsSpan().SequenceEqual(x.Second)));
    }

    [Fact]
    public void Day_CreatedAt_InsideTheSimulatedDayInOrder()
    {
        var world = new SimulationWorld(new WorldOptions { ParcelsPerDay = 500, Days = 2 });
        long start = new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        long[] created = [.. world.Day(1).Select(p => p.Manifest.CreatedAtMillis)];

        Assert.All(created, t => Assert.InRange(t, start, start + 86_399_999));
        Assert.Equal(created.Order(), created);
    }

    [Fact]
    public void AllDays_DefaultShares_EachPatternWithinTolerance()
    {
        List<(byte[] Bytes, ParcelTruth Truth, int Day)> parcels = s_small.Value;
        double n = parcels.Count;

        foreach ((PlantedPattern pattern, double share) in WorldOptions.DefaultPlantedShares)
        {
            double observed = parcels.Count(p => p.Truth.Pattern == pattern) / n;
            double tolerance = (4 * Math.Sqrt(share * (1 - share) / n)) + (0.1 * share);
            Assert.True(Math.Abs(observed - share) <= tolerance, $"{pattern}: {observed:P3} planted, {share:P3} expected (tolerance {tolerance:P3})");
        }

        Assert.InRange(parcels.Count(p => !p.Truth.IsCompliant) / n, 0.025, 0.035);
    }

    [Fact]
    public void AllDays_Revenue_OnlyUndervaluedParcelsHaveRevenueAtStake()
    {
        List<(byte[] Bytes, ParcelTruth Truth, int Day)> parcels = s_small.Value;

        Assert.All(parcels.Where(p => p.Truth.Pattern != PlantedPattern.Undervaluation), p => Assert.Equal(0, p.Truth.RevenueAtStakeCents));
        Assert.True(parcels.Where(p => p.Truth.Pattern == PlantedPattern.Undervaluation).Average(p => p.Truth.RevenueAtStakeCents) > 100, "undervaluation loses duty and VAT");
    }

    [Fact]
    public void Population_Counterfeiters_OneToTwoPercentOfSellersIncludingHighVolume()
    {
        var world = new SimulationWorld(new WorldOptions { Seed = 3, ParcelsPerDay = 20_000, Days = 1 });
        var counterfeiters = world.CounterfeitSellerIds.ToHashSet(StringComparer.Ordinal);
        var volumes = world.Day(0).Where(p => p.Manifest.SellerId is not null).GroupBy(p => p.Manifest.SellerId!).Select(g => (Seller: g.Key, Parcels: g.Count())).OrderByDescending(x => x.Parcels).ToList();

        Assert.InRange(counterfeiters.Count, world.SellerCount / 100, world.SellerCount / 50);
        Assert.Contains(volumes.Take(150), v => counterfeiters.Contains(v.Seller));
    }

    [Fact]
    public void AllDays_CompliantParcels_DecodeAndReleaseWithoutAnyRuleHit()
    {
        var pack = RulePack.Load(Path.Combine(AppContext.BaseDirectory, "rules", "default"));
        var engine = new RuleEngine(pack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0, Capacity = new CapacityOptions { Enabled = false } });
        var decoder = new ManifestDecoder(SchemaRegistry.Default);
        var view = new ManifestView();
        var decision = new CustomsDecision();
        var hits = new List<string>();
        int compliant = 0;

        foreach ((byte[] bytes, ParcelTruth truth, int _) in s_small.Value)
        {
            AvroError error = decoder.Decode(bytes, 0, bytes.Length, view);
            Assert.False(error.IsError, error.ToString());
            if (!truth.IsCompliant)
            {
                continue;
            }

            compliant++;
            decision.Reset();
            engine.Evaluate(view, decision);
            if (decision.Outcome != Outcome.Release || decision.ReasonCount > 0)
            {
                hits.Add($"{decision.Outcome} {Encoding.UTF8.GetString(decision.ReasonRuleId(0))}");
            }
        }

        Assert.True(compliant > 20_000);
        Assert.True(hits.Count <= compliant / 1_000, $"{hits.Count} compliant parcels not released: {string.Join(", ", hits.Distinct().Take(10))}");
    }

    [Fact]
    public void Write_TwoDays_ContainerAndSideFilesAgree()
    {
        var world = new SimulationWorld(new WorldOptions { Seed = 9, ParcelsPerDay = 300, Days = 3 });
        string path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.avro");
        try
        {
            long written = SimulationArchive.Write(world, path, 1, 2);

            Dictionary<string, (int Day, ParcelTruth Truth)> truths = SimulationArchive.ReadSideFile(SimulationArchive.SideFileOf(path));
            var expected = world.Day(1).Concat(world.Day(2)).Select(p => (p.Manifest.ManifestId, p.Day, p.Truth)).ToList();
            Assert.Equal(600, written);
            Assert.Equal(expected.Select(e => (e.ManifestId, (e.Day, e.Truth))), truths.Select(t => (t.Key, t.Value)));
            string[] replayTruth = File.ReadAllLines(GroundTruth.SideFileOf(path));
            Assert.Equal(GroundTruth.CsvHeader, replayTruth[0]);
            Assert.Equal(expected.Count(e => e.Truth.IsCompliant), replayTruth.Count(l => l.EndsWith(",Clean", StringComparison.Ordinal)));
            using AvroContainerFile file = AvroContainerFile.Open(path);
            ManifestDecoder decoder = file.CreateManifestDecoder();
            var view = new ManifestView();
            var ids = new List<string>();
            while (file.TryRead(out ReadOnlyMemory<byte> datum))
            {
                Assert.False(decoder.Decode(datum.Span, view).IsError);
                ids.Add(Encoding.UTF8.GetString(view.ManifestId));
            }

            Assert.Equal(expected.Select(e => e.ManifestId), ids);
        }
        finally
        {
            foreach (string file in new[] { path, GroundTruth.SideFileOf(path), SimulationArchive.SideFileOf(path) })
            {
                File.Delete(file);
            }
        }
    }
}
