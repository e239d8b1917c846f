using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Replay;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Tests;

/// <summary>Replay with inspections matched to capacity: the same decisions for any thread count, INSPECT near capacity.</summary>
public sealed class CapacityReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backtest-capacity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_CapacityOn_OneVersusSeveralThreads_ByteIdenticalDecisions()
    {
        string one = Path.Combine(_dir, "one.jsonl");
        string three = Path.Combine(_dir, "three.jsonl");

        ReplayResult a = Replayer.Run(new ReplayOptions { InputPath = Samples.History, Packs = [Samples.CapacityPack(Samples.DefaultRules, "d")], OutputPaths = [one], Threads = 1 });
        Replayer.Run(new ReplayOptions { InputPath = Samples.History, Packs = [Samples.CapacityPack(Samples.DefaultRules, "d")], OutputPaths = [three], Threads = 3 });

        Assert.Equal(File.ReadAllBytes(one), File.ReadAllBytes(three));

        // Forced INSPECTs (prohibited goods, denied parties) and random picks go through; what the rank adds on top stays
        // within the 1 % capacity (the threshold alone inspects about 9 % of this history).
        PackResult p = a.Packs[0];
        long random = p.Rules.Single(r => r.RuleId == "engine.random-selection").Hits;
        long byRank = p.Count(Outcome.Inspect) - p.ForcedInspections - random;
        Assert.True(p.ForcedInspections > 0);
        Assert.InRange(byRank, 0, (long)(0.01 * p.Decided));
    }
}
