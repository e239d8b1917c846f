using System.Globalization;
using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Capacity;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Inspections matched to capacity: the rank cut-off follows the traffic, forced selections go through, ties split, decisions reproduce.</summary>
public sealed class CapacityTests
{
    private const double Capacity = 0.01;

    [Fact]
    public void Selector_RiskiestShareDoublesHalfway_InspectShareWithin15PercentOfCapacityOnBothHalves()
    {
        var selector = new CapacitySelector(new CapacityOptions { Share = Capacity }, 0.85);
        int destination = selector.DestinationIndex("DE"u8);
        CapacityEstimator estimator = selector.Estimator(0, destination);
        var random = new Random(12);
        int[] inspected = new int[2];
        int[] forced = new int[2];
        int[] riskDemand = new int[2];
        const int Parcels = 100_000;
        for (int i = 0; i < Parcels; i++)
        {
            int half = i < Parcels / 2 ? 0 : 1;
            double riskyShare = half == 0 ? 0.05 : 0.10;
            bool isForced = random.NextDouble() < 0.003;
            bool isRandom = random.NextDouble() < 0.002;
            bool risky = random.NextDouble() < riskyShare;

            // Most parcels hit no rule and share the base log-odds: one big tie.
            double logOdds = risky ? random.NextDouble() * 6 : -3.5;
            riskDemand[half] += risky && logOdds >= 1.7346 ? 1 : 0; // score 0.85 and up: what the threshold alone would inspect
            int bin = CapacityEstimator.Bin(logOdds);
            double position = CapacityEstimator.Position(bin, selector.TieBreak(Encoding.UTF8.GetBytes($"MF-{i:D9}")));
            double cutoff = selector.Cutoff(estimator, destination, 0);
            bool byRank = !isForced && position >= cutoff;
            bool inspect = isForced || byRank || isRandom;
            estimator.Observe(bin, !isForced, isForced, isRandom && !isForced && !byRank, inspect);
            inspected[half] += inspect ? 1 : 0;
            forced[half] += isForced ? 1 : 0;
        }

        for (int half = 0; half < 2; half++)
        {
            double share = inspected[half] / (Parcels / 2.0);
            Assert.True(riskDemand[half] > Capacity * Parcels / 2, $"half {half}: risk demand {riskDemand[half]} must exceed capacity for the test to mean anything");
            Assert.InRange(share, Capacity * 0.85, Capacity * 1.15);
        }
    }

    [Fact]
    public void Selector_ForcedAloneExceedCapacity_AllForcedGoThroughAndNothingIsRiskSelected()
    {
        var selector = new CapacitySelector(new CapacityOptions { Share = Capacity }, 0.85);
        CapacityEstimator estimator = selector.Estimator(3, selector.DestinationIndex("US"u8));
        var random = new Random(7);
        int forcedInspected = 0, forcedTotal = 0, riskSelected = 0;
        for (int i = 0; i < 20_000; i++)
        {
            bool isForced = random.NextDouble() < 0.03;
            double logOdds = random.NextDouble() < 0.1 ? 4 : -3.5;
            int bin = CapacityEstimator.Bin(logOdds);
            double position = CapacityEstimator.Position(bin, random.NextDouble());
            bool byRank = !isForced && position >= estimator.Cutoff;
            riskSelected += byRank && i >= 1_000 ? 1 : 0;
            forcedTotal += isForced ? 1 : 0;
            forcedInspected += isForced ? 1 : 0; // forced selections are never compared with the cut-off
            estimator.Observe(bin, !isForced, isForced, false, isForced || byRank);
        }

        Assert.Equal(forcedTotal, forcedInspected);
        Assert.Equal(double.PositiveInfinity, estimator.Cutoff);
        Assert.Equal(0, riskSelected);
        Assert.True(estimator.RecentForcedShare > Capacity);
    }

    [Fact]
    public void Engine_AllParcelsTieOnTheBaseScore_TopsUpToCapacityNotTheWholeTie()
    {
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        int inspected = 0, toppedUp = 0;
        const int Parcels = 20_000;
        for (int i = 0; i < Parcels; i++)
        {
            m.ManifestId = $"MF-2026-11-18-{i:D9}";
            CustomsDecision decision = Evaluate(harness, m, 0);
            inspected += decision.Outcome == Outcome.Inspect ? 1 : 0;
            toppedUp += RuleHarness.HasRule(decision, "engine.capacity-top-up") ? 1 : 0;
        }

        Assert.Equal(inspected, toppedUp);
        Assert.InRange(inspected / (double)Parcels, Capacity * 0.85, Capacity * 1.15);
    }

    [Fact]
    public void Engine_ProhibitedGoodsOverCapacity_EveryOneInspected()
    {
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        int prohibited = 0, prohibitedInspected = 0;
        for (int i = 0; i < 10_000; i++)
        {
            m.ManifestId = $"MF-2026-11-18-{i:D9}";
            bool isProhibited = i % 20 == 0; // 5 %, five times the capacity
            m.Items[0].HsCode = isProhibited ? "930400" : "851830";
            CustomsDecision decision = Evaluate(harness, m, 1);
            prohibited += isProhibited ? 1 : 0;
            prohibitedInspected += isProhibited && decision.Outcome == Outcome.Inspect ? 1 : 0;
        }

        Assert.Equal(prohibited, prohibitedInspected);
        CapacityStatus status = Assert.Single(harness.Engine.GetCapacity());
        Assert.Equal(double.PositiveInfinity, status.Cutoff);
        Assert.Equal(prohibited, status.Forced);
        Assert.Equal(prohibited, status.Inspected);
    }

    [Fact]
    public void Engine_EveryParcelEscalates_InspectsOnlyWithinCapacityAndHoldsTheRest()
    {
        // Four weightless rules of four codes (a code counts once) that every parcel hits: escalation (4 hits) applies to
        // all, the score to none.
        using TempPack pack = TempPack.WithRules(string.Concat(Enumerable.Range(1, 4).Select(i => $$"""
              - id: weak-{{i}}
                code: WEAK_{{i}}
                description: Hits every parcel.
                when: { field: pieces, gte: 1 }
                effect: { weight: 0 }

            """)).Insert(0, "rules:\n"));
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { RandomSelectionRate = 0 });
        ManifestRecord m = TestManifests.Clean();
        int inspected = 0, held = 0;
        const int Parcels = 20_000;
        for (int i = 0; i < Parcels; i++)
        {
            m.ManifestId = $"MF-2026-11-18-{i:D9}";
            CustomsDecision decision = Evaluate(harness, m, 0);
            // Within capacity the rank inspects first; beyond it escalation asks for a documentary check.
            Assert.True(decision.Outcome == Outcome.Inspect || RuleHarness.HasRule(decision, "engine.escalation"));
            inspected += decision.Outcome == Outcome.Inspect ? 1 : 0;
            held += decision.Outcome == Outcome.Hold ? 1 : 0;
        }

        Assert.Equal(Parcels, inspected + held);
        Assert.InRange(inspected / (double)Parcels, Capacity * 0.85, Capacity * 1.15);
    }

    [Fact]
    public void EvaluateWithCutoff_SameManifestPackHistoryAndCutoff_SameDecisionAndReasons()
    {
        var live = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { EscalationHits = 0 });
        var again = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        int inspected = 0;
        for (int i = 0; i < 5_000; i++)
        {
            m.ManifestId = $"MF-2026-11-18-{i:D9}";
            m.Items[0].Description = i % 7 == 0 ? "goods" : "Bluetooth headphones, over-ear"; // some vague, the rest tie
            CustomsDecision decision = Evaluate(live, m, 2);
            Assert.False(double.IsNaN(decision.Cutoff));
            (Outcome Outcome, string Reasons, double Cutoff) first = (decision.Outcome, string.Join(',', RuleHarness.Reasons(decision)), decision.Cutoff);
            inspected += first.Outcome == Outcome.Inspect ? 1 : 0;

            // The cut-off as the header carries it, parsed back.
            double cutoff = double.Parse(first.Cutoff.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            again.Load(m);
            again.Decision.Reset();
            again.Engine.EvaluateWithCutoff(again.View, again.Decision, cutoff);
            Assert.Equal(first, (again.Decision.Outcome, string.Join(',', RuleHarness.Reasons(again.Decision)), again.Decision.Cutoff));
        }

        Assert.True(inspected > 0);
    }

    [Fact]
    public void Evaluate_RecordedCutoffAfterARestart_SameDecisionsAsFirstAndTheEstimateLearnsFromThem()
    {
        // The first worker decides 3,000 parcels of partition 2 and dies after 2,000, with 1,000 committed. The next
        // one starts cold at 1,000: with the recorded cut-offs it decides 1,000-1,999 as the first did.
        var first = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { EscalationHits = 0 });
        var restarted = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { EscalationHits = 0 });
        var cold = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        var decided = new List<(Outcome Outcome, string Reasons, double Cutoff)>();
        for (int i = 0; i < 2_000; i++)
        {
            Vary(m, i);
            CustomsDecision decision = Evaluate(first, m, 2);
            decided.Add((decision.Outcome, string.Join(',', RuleHarness.Reasons(decision)), decision.Cutoff));
        }

        int differWithout = 0;
        for (int i = 1_000; i < 2_000; i++)
        {
            Vary(m, i);
            restarted.Load(m);
            restarted.Decision.Reset();
            restarted.Engine.Evaluate(restarted.View, restarted.Decision, 2, decided[i].Cutoff);
            Assert.Equal(decided[i], (restarted.Decision.Outcome, string.Join(',', RuleHarness.Reasons(restarted.Decision)), restarted.Decision.Cutoff));

            CustomsDecision guess = Evaluate(cold, m, 2);
            differWithout += (guess.Outcome, string.Join(',', RuleHarness.Reasons(guess))) != (decided[i].Outcome, decided[i].Reasons) ? 1 : 0;
        }

        // Without them a cold estimate decides some differently: what the recovery is for.
        Assert.True(differWithout > 0);
        CapacityStatus status = Assert.Single(restarted.Engine.GetCapacity());
        Assert.Equal(1_000, status.Decided);
    }

    [Fact]
    public void Evaluate_WithCapacityAfterWarmUp_AllocatesNothing()
    {
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0.5, EscalationHits = 2, Capacity = { MaxPerHour = 10, PerDestination = { ["DE"] = 0.005 } } });
        ManifestRecord m = TestManifests.Clean();
        m.Items[0].HsCode = "930400";
        harness.Load(m);
        for (int i = 0; i < 200; i++)
        {
            harness.Decision.Reset();
            harness.Engine.Evaluate(harness.View, harness.Decision, 5);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            harness.Decision.Reset();
            harness.Engine.Evaluate(harness.View, harness.Decision, 5);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(double.IsNaN(harness.Decision.Cutoff));
    }

    [Fact]
    public void Evaluate_HourlyCeilingReached_OnlyForcedInspectedAndCutoffIsInfinity()
    {
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0, Capacity = { Share = 1, MaxPerHour = 5 } });
        ManifestRecord m = TestManifests.Clean();
        int inspected = 0;
        for (int i = 0; i < 200; i++)
        {
            m.ManifestId = $"MF-2026-11-18-{i:D9}";
            inspected += Evaluate(harness, m, 0).Outcome == Outcome.Inspect ? 1 : 0;
        }

        Assert.Equal(5, inspected);
        Assert.Equal(double.PositiveInfinity, harness.Decision.Cutoff);
        m.Items[0].HsCode = "930400";
        Assert.Equal(Outcome.Inspect, Evaluate(harness, m, 0).Outcome);
    }

    [Theory]
    [InlineData("Share", "1.5", "ParcelStream:Rules:Capacity:Share")]
    [InlineData("PerDestination:DE", "-0.1", "ParcelStream:Rules:Capacity:PerDestination:DE")]
    [InlineData("PerDestination:DEU", "0.1", "ParcelStream:Rules:Capacity:PerDestination:DEU")]
    [InlineData("MaxPerHour", "-1", "ParcelStream:Rules:Capacity:MaxPerHour")]
    [InlineData("HalfLife", "0", "ParcelStream:Rules:Capacity:HalfLife")]
    public void Validate_BadCapacitySetting_ErrorNamesTheKey(string key, string value, string expected)
    {
        var options = new RuleEngineOptions();
        switch (key)
        {
            case "Share": options.Capacity.Share = double.Parse(value, CultureInfo.InvariantCulture); break;
            case "MaxPerHour": options.Capacity.MaxPerHour = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "HalfLife": options.Capacity.HalfLife = int.Parse(value, CultureInfo.InvariantCulture); break;
            default: options.Capacity.PerDestination[key.Split(':')[1]] = double.Parse(value, CultureInfo.InvariantCulture); break;
        }

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.StartsWith(expected + " ", e.Message, StringComparison.Ordinal);
    }

    private static void Vary(ManifestRecord m, int i)
    {
        m.ManifestId = $"MF-2026-11-18-{i:D9}";
        m.Items[0].Description = i % 7 == 0 ? "goods" : "Bluetooth headphones, over-ear"; // some vague, the rest tie
    }

    private static CustomsDecision Evaluate(RuleHarness harness, ManifestRecord m, int partition)
    {
        harness.Load(m);
        harness.Decision.Reset();
        harness.Engine.Evaluate(harness.View, harness.Decision, partition);
        return harness.Decision;
    }
}
