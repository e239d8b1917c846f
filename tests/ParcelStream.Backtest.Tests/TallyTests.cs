using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Replay;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Tests;

/// <summary>The per-worker tallies and the reason catalog on hand-made decisions.</summary>
public sealed class TallyTests
{
    private static readonly RuleCatalog s_catalog = new([("r1", "C1"), ("r2", "C2"), ("r3", "C1")]);

    private static CustomsDecision Decision(Outcome outcome, double score, bool audit, params string[] ruleIds)
    {
        var d = new CustomsDecision();
        d.Reset();
        d.SetManifest("m"u8, "t"u8);
        d.Outcome = outcome;
        d.RiskScore = score;
        d.PostClearanceAudit = audit;
        foreach (string id in ruleIds)
        {
            d.AddReason(Encoding.UTF8.GetBytes(id), "X"u8, "detail"u8);
        }

        return d;
    }

    [Fact]
    public void RuleCatalog_IndexOf_FindsRulesInAnyOrderAndEngineReasons_UnknownGoesToCatchAll()
    {
        int cursor = 0;
        Assert.Equal(1, s_catalog.IndexOf("r2"u8, ref cursor));
        Assert.Equal(2, cursor);
        Assert.Equal(0, s_catalog.IndexOf("r1"u8, ref cursor)); // out of order: found by wrapping round
        Assert.Equal(3, s_catalog.IndexOf("engine.risk-score"u8, ref cursor));
        Assert.Equal(5, s_catalog.IndexOf("engine.random-selection"u8, ref cursor));
        Assert.Equal(s_catalog.Count - 1, s_catalog.IndexOf("nope"u8, ref cursor));
        Assert.Equal("(other)", s_catalog.Ids[^1]);
        Assert.Equal("C1", s_catalog.Codes[2]);
    }

    [Fact]
    public void PackTally_Add_CountsOutcomesRulesAndLabels()
    {
        var tally = new PackTally(s_catalog);
        tally.Add(Decision(Outcome.Inspect, 0.9, false, "r1", "r3", "engine.risk-score"), InspectionResult.Found);
        tally.Add(Decision(Outcome.Inspect, 0.9, false, "r1"), InspectionResult.Clean);
        tally.Add(Decision(Outcome.Release, 0.3, true, "r2"), InspectionResult.Unknown);
        tally.Add(Decision(Outcome.Release, 0.1, false), InspectionResult.Clean);

        Assert.Equal([2L, 0, 2], tally.Outcomes);
        Assert.Equal([1L, 0, 2], tally.Labeled);
        Assert.Equal([0L, 0, 1], tally.Found);
        Assert.Equal(1, tally.Audit);
        IReadOnlyList<RuleHits> hits = tally.GetRuleHits(3);
        Assert.Equal(["r1", "r2", "r3", "engine.risk-score"], hits.Select(h => h.RuleId));
        Assert.Equal(new RuleHits("r1", "C1", 2, 2, 1), hits[0]);
        Assert.Equal(new RuleHits("r2", "C2", 1, 0, 0), hits[1]);
        Assert.Equal(0.5, hits[0].Precision);
        Assert.True(double.IsNaN(hits[1].Precision));
        Assert.Equal(
            [new RankGroup(Outcome.Inspect, 0.9, 2, 2, 1), new RankGroup(Outcome.Release, 0.3, 1, 0, 0), new RankGroup(Outcome.Release, 0.1, 1, 1, 0)],
            tally.GetRankGroups());
    }

    [Fact]
    public void PackTally_AddTally_MergedEqualsCountedTogether()
    {
        CustomsDecision[] decisions =
        [
            Decision(Outcome.Hold, 0.6, false, "r2", "engine.risk-score"),
            Decision(Outcome.Inspect, 0.95, false, "r1", "r2", "r3"),
            Decision(Outcome.Hold, 0.6, false, "r2", "engine.risk-score"),
            Decision(Outcome.Release, 0.2, true, "unknown-rule"),
        ];
        InspectionResult[] results = [InspectionResult.Found, InspectionResult.Clean, InspectionResult.Unknown, InspectionResult.Found];
        var together = new PackTally(s_catalog);
        var first = new PackTally(s_catalog);
        var second = new PackTally(s_catalog);
        for (int i = 0; i < decisions.Length; i++)
        {
            together.Add(decisions[i], results[i]);
            (i % 2 == 0 ? first : second).Add(decisions[i], results[i]);
        }

        second.Add(first);
        Assert.Equal(together.Outcomes, second.Outcomes);
        Assert.Equal(together.Labeled, second.Labeled);
        Assert.Equal(together.Found, second.Found);
        Assert.Equal(together.Audit, second.Audit);
        Assert.Equal(together.GetRuleHits(3), second.GetRuleHits(3));
        Assert.Equal(together.GetRankGroups(), second.GetRankGroups());
        Assert.Equal(1, together.GetRuleHits(3).Single(h => h.RuleId == "(other)").Hits);
    }
}
