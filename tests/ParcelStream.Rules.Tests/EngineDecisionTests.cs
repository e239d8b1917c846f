using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Scores, thresholds, forced outcomes, escalation, random selection, audit flag, determinism, allocations.</summary>
public sealed class EngineDecisionTests
{
    private const string WeightedRules = """
        rules:
          - id: w1
            code: W_ONE
            description: Weight 1 when pieces is at least 1.
            when: { field: pieces, gte: 1 }
            effect: { weight: 1.0 }
          - id: w2
            code: W_TWO
            description: Weight 2 when the first line's HS code starts with 85.
            when: { anyItem: { field: hsCode, prefix: ["85"] } }
            effect: { weight: 2.0 }
          - id: hold-if-gift
            code: FORCED_HOLD
            description: Forces HOLD for gifts.
            when: { field: category, equals: GIFT }
            effect: { outcome: HOLD }
          - id: inspect-if-documents
            code: FORCED_INSPECT
            description: Forces INSPECT for documents, flags audit.
            when: { field: category, in: [DOCUMENTS] }
            effect: { outcome: INSPECT }
          - id: audit-if-sample
            code: AUDIT
            description: Flags a released sample for post-clearance audit.
            when: { field: category, equals: COMMERCIAL_SAMPLE }
            effect: { audit: true }
        """;

    private const string SameCodeRules = """
        rules:
          - id: same-3
            code: SAME
            description: Weight 3 when pieces is at least 1.
            when: { field: pieces, gte: 1 }
            effect: { weight: 3.0 }
          - id: same-2
            code: SAME
            description: Weight 2 when a line's HS code starts with 85.
            when: { anyItem: { field: hsCode, prefix: ["85"] } }
            effect: { weight: 2.0 }
          - id: other-1
            code: OTHER
            description: Weight 1 when the currency is EUR.
            when: { field: currency, equals: EUR }
            effect: { weight: 1.0 }
        """;

    [Theory]
    [InlineData(0.99, 0.995, Outcome.Release)] // score = logistic(-4 + 3) = 0.269
    [InlineData(0.25, 0.99, Outcome.Hold)]
    [InlineData(0.20, 0.25, Outcome.Inspect)]
    public void Evaluate_WeightsSumToLogOdds_ScoreDecidesAgainstThresholds(double hold, double inspect, Outcome expected)
    {
        using TempPack pack = TempPack.WithRules(WeightedRules);
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { HoldThreshold = hold, InspectThreshold = inspect, RandomSelectionRate = 0, EscalationHits = 0 });
        CustomsDecision decision = harness.Evaluate(TestManifests.Clean());
        Assert.Equal(1 / (1 + Math.Exp(-(-4.0 + 1.0 + 2.0))), decision.RiskScore, 12);
        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(expected != Outcome.Release, RuleHarness.HasRule(decision, "engine.risk-score"));
        Assert.Equal(["W_ONE:w1", "W_TWO:w2"], RuleHarness.Reasons(decision).Take(2));
    }

    [Fact]
    public void Evaluate_ForcedHold_WinsOverAnInspectScore()
    {
        using TempPack pack = TempPack.WithRules(WeightedRules);
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { HoldThreshold = 0.1, InspectThreshold = 0.2, RandomSelectionRate = 0, EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        m.Category = Category.Gift;
        CustomsDecision decision = harness.Evaluate(m);
        Assert.Equal(Outcome.Hold, decision.Outcome);
        Assert.False(RuleHarness.HasRule(decision, "engine.risk-score"));
    }

    [Fact]
    public void Evaluate_ForcedInspectAndHold_InspectWins()
    {
        using TempPack pack = TempPack.WithRules(WeightedRules.Replace("equals: GIFT", "equals: DOCUMENTS", StringComparison.Ordinal));
        var harness = new RuleHarness(RulePack.Load(pack.Directory));
        ManifestRecord m = TestManifests.Clean();
        m.Category = Category.Documents;
        CustomsDecision decision = harness.Evaluate(m);
        Assert.Equal(Outcome.Inspect, decision.Outcome);
        Assert.True(RuleHarness.HasRule(decision, "hold-if-gift"));
        Assert.True(RuleHarness.HasRule(decision, "inspect-if-documents"));
    }

    [Theory]
    [InlineData(Category.CommercialSample, 0.9, true)] // rule flags audit
    [InlineData(Category.SaleOfGoods, 0.9, false)]
    [InlineData(Category.SaleOfGoods, 0.2, true)] // score 0.269 at or above the audit threshold
    public void Evaluate_Release_FlagsPostClearanceAudit(Category category, double auditThreshold, bool audit)
    {
        using TempPack pack = TempPack.WithRules(WeightedRules);
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { AuditThreshold = auditThreshold, HoldThreshold = 0.95, InspectThreshold = 0.99, RandomSelectionRate = 0, EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        m.Category = category;
        CustomsDecision decision = harness.Evaluate(m);
        Assert.Equal(Outcome.Release, decision.Outcome);
        Assert.Equal(audit, decision.PostClearanceAudit);
    }

    [Theory]
    [InlineData(false, 2, Outcome.Inspect)]
    [InlineData(false, 3, Outcome.Release)]
    [InlineData(true, 2, Outcome.Inspect)] // three rules of two codes hit: two escalation hits
    [InlineData(true, 3, Outcome.Release)]
    public void Evaluate_EscalationHits_EscalatesWhenEnoughReasonCodesHit(bool sameCode, int escalationHits, Outcome expected)
    {
        using TempPack pack = TempPack.WithRules(sameCode ? SameCodeRules : WeightedRules);
        // Threshold mode: with capacity on, escalation inspects only within capacity (CapacityTests).
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { HoldThreshold = 0.95, InspectThreshold = 0.99, RandomSelectionRate = 0, EscalationHits = escalationHits, Capacity = { Enabled = false } });
        CustomsDecision decision = harness.Evaluate(TestManifests.Clean());
        Assert.Equal(expected, decision.Outcome);
        Assert.Equal(expected == Outcome.Inspect, RuleHarness.HasRule(decision, "engine.escalation"));
    }

    [Fact]
    public void Evaluate_TwoRulesOfOneReasonCode_AddTheLargestWeightOnce()
    {
        using TempPack pack = TempPack.WithRules(SameCodeRules);
        var harness = new RuleHarness(RulePack.Load(pack.Directory), new RuleEngineOptions { HoldThreshold = 0.95, InspectThreshold = 0.99, RandomSelectionRate = 0, EscalationHits = 0, Capacity = { Enabled = false } });

        CustomsDecision decision = harness.Evaluate(TestManifests.Clean());

        // Every hit is reported, but SAME adds 3 (its largest weight), not 3 + 2: -4 + 3 + 1 = 0.
        Assert.Equal(["SAME:same-3", "SAME:same-2", "OTHER:other-1"], RuleHarness.Reasons(decision));
        Assert.Equal(0.5, decision.RiskScore, 12);
    }

    [Fact]
    public void Evaluate_RandomSelection_IsDeterministicPerSeedAndNearTheRate()
    {
        var options = new RuleEngineOptions { RandomSelectionRate = 0.1, RandomSeed = 42, EscalationHits = 0 };
        var first = new RuleHarness(RuleHarness.DefaultPack, options);
        var replay = new RuleHarness(RuleHarness.DefaultPack, options);
        var otherSeed = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0.1, RandomSeed = 43, EscalationHits = 0 });
        ManifestRecord m = TestManifests.Clean();
        int picked = 0;
        int differ = 0;
        const int Count = 2000;
        for (int i = 0; i < Count; i++)
        {
            m.ManifestId = $"MF-{i:D8}";
            CustomsDecision a = first.Evaluate(m);
            bool pickedA = a.HasReason("RANDOM_SELECTION"u8);
            Assert.Equal(pickedA ? Outcome.Inspect : Outcome.Release, a.Outcome);
            Assert.Equal(pickedA, replay.Evaluate(m).HasReason("RANDOM_SELECTION"u8));
            differ += pickedA != otherSeed.Evaluate(m).HasReason("RANDOM_SELECTION"u8) ? 1 : 0;
            picked += pickedA ? 1 : 0;
        }

        Assert.InRange(picked, Count * 0.07, Count * 0.13);
        Assert.True(differ > Count / 20, "another seed should pick other parcels");
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1.0, true)]
    public void Evaluate_RandomSelectionRateBounds_NeverOrAlways(double rate, bool picked)
    {
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = rate, EscalationHits = 0 });
        Assert.Equal(picked, harness.Evaluate(TestManifests.Clean()).HasReason("RANDOM_SELECTION"u8));
    }

    [Fact]
    public void Evaluate_SameInputTwice_GivesTheSameDecision()
    {
        var harness = new RuleHarness();
        ManifestRecord m = TestManifests.Clean();
        m.IossNumber = "IM12";
        m.Items[0].HsCode = "930400";
        CustomsDecision decision = harness.Evaluate(m);
        (Outcome, double, IReadOnlyList<string>) first = (decision.Outcome, decision.RiskScore, RuleHarness.Reasons(decision));
        decision = new RuleHarness().Evaluate(m);
        Assert.Equal(first, (decision.Outcome, decision.RiskScore, RuleHarness.Reasons(decision)), new DecisionComparer());
    }

    [Fact]
    public void Evaluate_AfterWarmUp_AllocatesNothing()
    {
        var harness = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0.5, EscalationHits = 2 });
        foreach (ManifestRecord m in new[] { TestManifests.Clean(), TestManifests.WorstCase() })
        {
            m.Items[0].HsCode = "930400";
            m.Consignee.Name = "Jurgen Schafer Export";
            harness.Load(m);
            harness.Decision.Reset();
            harness.Engine.Evaluate(harness.View, harness.Decision);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                harness.Decision.Reset();
                harness.Engine.Evaluate(harness.View, harness.Decision);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(harness.Decision.ReasonCount >= 2);
        }
    }

    [Fact]
    public void Evaluate_UnknownCurrency_FailsEveryMoneyComparison()
    {
        var harness = new RuleHarness();
        ManifestRecord m = TestManifests.Clean();
        m.Currency = "XXX";
        m.Items[0].ValueMinor += 100_000;
        m.TotalValueMinor += 100_000; // over the IOSS limit in any currency the pack knows
        CustomsDecision decision = harness.Evaluate(m);
        Assert.False(RuleHarness.HasRule(decision, "ioss-over-limit"));
        Assert.False(RuleHarness.HasRule(decision, "undervaluation-per-unit"));
        Assert.False(decision.HasAssessment);
    }

    [Fact]
    public void Evaluate_Conversion_ComparesInTheThresholdCurrency()
    {
        // USD 200 is EUR 160 at the pack's illustrative 1.25 rate: above EUR 150 but not above EUR 170.
        using TempPack pack = TempPack.WithRules("""
            rules:
              - id: above-150-eur
                code: T
                description: Above EUR 150.
                when: { field: totalValue, currency: EUR, gt: 150 }
                effect: { weight: 1 }
              - id: above-170-eur
                code: T
                description: Above EUR 170.
                when: { field: totalValue, currency: EUR, gt: 170 }
                effect: { weight: 1 }
              - id: jpy-per-unit
                code: T
                description: A line of at least JPY 3000 per unit (EUR 18.75).
                when: { anyItem: { field: valuePerUnit, currency: JPY, gte: 3000 } }
                effect: { weight: 1 }
            """);
        var harness = new RuleHarness(RulePack.Load(pack.Directory));
        ManifestRecord m = TestManifests.Clean();
        m.Currency = "USD";
        m.TotalValueMinor = 20_000;
        m.Items[0].ValueMinor = 2_344; // USD 23.44 = EUR 18.752 = JPY 3000.3
        CustomsDecision decision = harness.Evaluate(m);
        Assert.True(RuleHarness.HasRule(decision, "above-150-eur"));
        Assert.False(RuleHarness.HasRule(decision, "above-170-eur"));
        Assert.True(RuleHarness.HasRule(decision, "jpy-per-unit"));
    }

    [Fact]
    public void Evaluate_Reasons_CarryRuleIdCodeDetailAndVersion()
    {
        var harness = new RuleHarness();
        ManifestRecord m = TestManifests.Clean();
        m.Pieces = 0;
        CustomsDecision decision = harness.Evaluate(m);
        Assert.Equal(1, decision.ReasonCount);
        Assert.Equal("ics2-missing-pieces", Encoding.UTF8.GetString(decision.ReasonRuleId(0)));
        Assert.Equal("MISSING_DATA", Encoding.UTF8.GetString(decision.ReasonCode(0)));
        Assert.Equal("number of pieces missing (ICS2 7+1)", Encoding.UTF8.GetString(decision.ReasonDetail(0)));
        Assert.Equal(RuleHarness.DefaultPack.Version, Encoding.UTF8.GetString(decision.RulesetVersion));
    }

    [Fact]
    public void GetRuleHits_AfterEvaluations_CountsHitsPerRule()
    {
        using TempPack pack = TempPack.WithRules(WeightedRules);
        var harness = new RuleHarness(RulePack.Load(pack.Directory));
        for (int i = 0; i < 3; i++)
        {
            harness.Evaluate(TestManifests.Clean());
        }

        IReadOnlyList<RuleHitCount> hits = harness.Engine.GetRuleHits();
        Assert.Equal(new RuleHitCount("w1", "W_ONE", 3), hits[0]);
        Assert.Equal(0, hits.Single(h => h.RuleId == "hold-if-gift").Hits);
    }

    [Fact]
    public void GetRuleHits_EvaluatedOnThreadsThatEnded_EveryThreadsHitsSummed()
    {
        using TempPack pack = TempPack.WithRules(WeightedRules);
        RulePack rules = RulePack.Load(pack.Directory);
        const int Threads = 4;
        const int PerThread = 250;
        var threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            // Each thread counts into its own row (as each worker lane does); the rows outlive the threads.
            threads[t] = new Thread(() =>
            {
                var harness = new RuleHarness(rules);
                for (int i = 0; i < PerThread; i++)
                {
                    harness.Evaluate(TestManifests.Clean());
                }
            });
            threads[t].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(new RuleHitCount("w1", "W_ONE", Threads * PerThread), rules.GetRuleHits()[0]);
    }

    [Theory]
    [InlineData("HoldThreshold", 1.5)]
    [InlineData("InspectThreshold", 0.1)]
    [InlineData("RandomSelectionRate", -0.1)]
    [InlineData("AuditThreshold", 2.0)]
    public void Options_OutOfRange_ThrowNamingTheKey(string key, double value)
    {
        var options = new RuleEngineOptions();
        typeof(RuleEngineOptions).GetProperty(key)!.SetValue(options, value);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("ParcelStream:Rules:" + key, e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new RuleEngine(RuleHarness.DefaultPack, options));
    }

    private sealed class DecisionComparer : IEqualityComparer<(Outcome, double, IReadOnlyList<string>)>
    {
        public bool Equals((Outcome, double, IReadOnlyList<string>) x, (Outcome, double, IReadOnlyList<string>) y) =>
            x.Item1 == y.Item1 && x.Item2.Equals(y.Item2) && x.Item3.SequenceEqual(y.Item3);

        public int GetHashCode((Outcome, double, IReadOnlyList<string>) obj) => obj.Item1.GetHashCode();
    }
}
