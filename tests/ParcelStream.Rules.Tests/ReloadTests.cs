using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Atomic reload: a valid pack replaces the current one, an invalid one is rejected and counted.</summary>
public sealed class ReloadTests
{
    [Fact]
    public void TryReload_ValidPack_SwapsAndCounts()
    {
        using TempPack next = TempPack.CopyOfDefault();
        next.Write("pack.yaml", File.ReadAllText(Path.Combine(next.Directory, "pack.yaml")).Replace("2026.12.1", "2026.12.2", StringComparison.Ordinal));
        var harness = new RuleHarness();
        Assert.True(harness.Engine.TryReload(next.Directory, out string? error), error);
        Assert.Null(error);
        Assert.Equal("2026.12.2", harness.Engine.Current.Version);
        Assert.Equal(1, harness.Engine.Reloads);
        Assert.Equal(0, harness.Engine.ReloadFailures);
        Assert.Equal("2026.12.2", System.Text.Encoding.UTF8.GetString(harness.Evaluate(TestManifests.Clean()).RulesetVersion));
    }

    [Fact]
    public void TryReload_InvalidPack_KeepsTheOldPackAndCountsTheFailure()
    {
        using TempPack broken = TempPack.CopyOfDefault();
        broken.Write("rules-goods.yaml", File.ReadAllText(Path.Combine(broken.Directory, "rules-goods.yaml")).Replace("@prohibited-hs-prefixes", "@prohibited-hs-prefix", StringComparison.Ordinal));
        var harness = new RuleHarness();
        RulePack before = harness.Engine.Current;
        Assert.False(harness.Engine.TryReload(broken.Directory, out string? error));
        Assert.Contains("rules-goods.yaml:", error, StringComparison.Ordinal);
        Assert.Contains("rule prohibited-goods-hs: prefix: unknown list 'prohibited-hs-prefix'", error, StringComparison.Ordinal);
        Assert.Same(before, harness.Engine.Current);
        Assert.Equal(1, harness.Engine.ReloadFailures);
        Assert.Equal(0, harness.Engine.Reloads);
        var manifest = TestManifests.Clean();
        manifest.Items[0].HsCode = "930400";
        Assert.Equal(Outcome.Inspect, harness.Evaluate(manifest).Outcome);
    }

    [Fact]
    public async Task Evaluate_WhileReloading_EveryDecisionComesFromOneWholePack()
    {
        using TempPack next = TempPack.CopyOfDefault();
        next.Write("pack.yaml", File.ReadAllText(Path.Combine(next.Directory, "pack.yaml")).Replace("2026.12.1", "2026.12.2", StringComparison.Ordinal));
        var shared = new RuleHarness();
        RuleEngine engine = shared.Engine;
        using var stop = new CancellationTokenSource();
        Task evaluator = Task.Run(() =>
        {
            var local = new RuleHarness();
            var manifest = TestManifests.Clean();
            manifest.Pieces = 0;
            local.Load(manifest);
            var decision = new CustomsDecision();
            int count = 0;
            while (!stop.IsCancellationRequested || count < 100)
            {
                decision.Reset();
                engine.Evaluate(local.View, decision);
                string version = System.Text.Encoding.UTF8.GetString(decision.RulesetVersion);
                Assert.True(version is "2026.12.1" or "2026.12.2", version);
                Assert.Equal(Outcome.Hold, decision.Outcome);
                count++;
            }
        });
        for (int i = 0; i < 4; i++)
        {
            Assert.True(engine.TryReload(i % 2 == 0 ? next.Directory : RuleHarness.DefaultPackDirectory, out _));
        }

        stop.Cancel();
        await evaluator;
        Assert.Equal(4, engine.Reloads);
    }
}
