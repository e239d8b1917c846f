using ParcelStream.Backtest.Replay;
using ParcelStream.Rules;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Backtest.Tests;

public sealed class StatefulReplayTests
{
    private static ReplayPack StatefulPack() =>
        new("default", new RuleEngine(RulePack.Load(Samples.DefaultRules), new RuleEngineOptions { WatchForChanges = false }), new SplitShipmentSettings(SplitShipmentSettings.DefaultWindow));

    /// <summary>Replays the sample history with one pack on one thread; returns its JSON Lines decisions.</summary>
    private static string ReplayToJson(ReplayPack pack)
    {
        string json = Path.Combine(Path.GetTempPath(), $"stateful-replay-{Guid.NewGuid():N}.jsonl");
        try
        {
            Replayer.Run(new ReplayOptions { InputPath = Samples.History, Packs = [pack], OutputPaths = [json], Threads = 1 });
            return File.ReadAllText(json);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Run_StatefulPackTwice_SplitShipmentsFoundAndIdenticalDecisions()
    {
        ReplayPack first = StatefulPack();
        ReplayPack second = StatefulPack();
        List<string> outputs = [ReplayToJson(first), ReplayToJson(second)];
        long amendments = first.Amendments;
        Assert.Equal(amendments, second.Amendments);

        string[] held = [.. outputs[0].Split('\n').Where(l => l.Contains("\"SPLIT_SHIPMENT\"", StringComparison.Ordinal))];

        // The sample history is generated with about 3% of parcels in split-shipment groups of 3 to 5.
        Assert.InRange(held.Length, 100, 400);
        Assert.All(held, l => Assert.Contains("\"relatedManifestIds\":[\"", l, StringComparison.Ordinal));
        Assert.True(amendments > 0);
        Assert.Equal(outputs[0], outputs[1]);

        Assert.DoesNotContain("SPLIT_SHIPMENT", ReplayToJson(Samples.Pack(Samples.DefaultRules, "default")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StatefulPackOnSeveralThreads_Rejected()
    {
        var options = new ReplayOptions { InputPath = Samples.History, Packs = [StatefulPack()], Threads = 2 };
        ArgumentException e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("file order", e.Message, StringComparison.Ordinal);
    }
}
