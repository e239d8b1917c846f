using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Tests;

/// <summary>The comparison arithmetic on hand-made inputs whose answers are worked out by hand.</summary>
public sealed class ArithmeticTests
{
    [Fact]
    public void TransitionMatrix_HandMadeMoves_CountsAddedRemovedAndSums()
    {
        var m = new TransitionMatrix();
        (Outcome Before, Outcome After, int Times)[] moves =
        [
            (Outcome.Release, Outcome.Release, 50),
            (Outcome.Release, Outcome.Hold, 4),
            (Outcome.Release, Outcome.Inspect, 3),
            (Outcome.Hold, Outcome.Inspect, 2),
            (Outcome.Hold, Outcome.Hold, 10),
            (Outcome.Inspect, Outcome.Release, 1),
            (Outcome.Inspect, Outcome.Hold, 5),
            (Outcome.Inspect, Outcome.Inspect, 7),
        ];
        foreach ((Outcome before, Outcome after, int times) in moves)
        {
            for (int i = 0; i < times; i++)
            {
                m.Add(before, after);
            }
        }

        Assert.Equal(82, m.Total);
        Assert.Equal(67, m.Unchanged);
        Assert.Equal(15, m.Changed);
        Assert.Equal(5, m.InspectionsAdded);
        Assert.Equal(6, m.InspectionsRemoved);
        Assert.Equal(57, m.Before(Outcome.Release));
        Assert.Equal(12, m.Before(Outcome.Hold));
        Assert.Equal(13, m.Before(Outcome.Inspect));
        Assert.Equal(51, m.After(Outcome.Release));
        Assert.Equal(19, m.After(Outcome.Hold));
        Assert.Equal(12, m.After(Outcome.Inspect));
        Assert.Equal(5, m[Outcome.Inspect, Outcome.Hold]);
        Assert.Equal(0, m[Outcome.Hold, Outcome.Release]);
    }

    [Fact]
    public void TransitionMatrix_AddMatrix_SumsCellByCell()
    {
        var a = new TransitionMatrix();
        var b = new TransitionMatrix();
        a.Add(Outcome.Release, Outcome.Inspect);
        b.Add(Outcome.Release, Outcome.Inspect);
        b.Add(Outcome.Hold, Outcome.Release);
        a.Add(b);
        Assert.Equal(2, a[Outcome.Release, Outcome.Inspect]);
        Assert.Equal(1, a[Outcome.Hold, Outcome.Release]);
        Assert.Equal(3, a.Total);
    }

    // 100 manifests: 10 INSPECT at 0.9 (8 labeled, 6 found), 20 HOLD at 0.6 (10 labeled, 4 found),
    // 70 RELEASE at 0.1 (35 labeled, 1 found).
    private static readonly RankGroup[] s_groups =
    [
        new(Outcome.Release, 0.1, 70, 35, 1),
        new(Outcome.Inspect, 0.9, 10, 8, 6),
        new(Outcome.Hold, 0.6, 20, 10, 4),
    ];

    [Theory]
    [InlineData(0.10, 10.0, 8.0, 6.0)] // exactly the INSPECT group
    [InlineData(0.20, 20.0, 13.0, 8.0)] // INSPECT + half of HOLD: 8 + 5 labeled, 6 + 2 found
    [InlineData(0.30, 30.0, 18.0, 10.0)] // INSPECT + all of HOLD
    [InlineData(0.65, 65.0, 35.5, 10.5)] // + 35 of 70 RELEASE: 17.5 labeled, 0.5 found
    [InlineData(1.00, 100.0, 53.0, 11.0)] // everything
    [InlineData(0.00, 0.0, 0.0, 0.0)]
    public void ExpectedHitRate_At_CutInsideATieGroup_CountsItInProportion(double rate, double selected, double labeled, double found)
    {
        ExpectedHitRate h = ExpectedHitRate.At(s_groups, rate);
        Assert.Equal(selected, h.Selected, 9);
        Assert.Equal(labeled, h.Labeled, 9);
        Assert.Equal(found, h.Found, 9);
        if (labeled == 0)
        {
            Assert.True(double.IsNaN(h.HitRate));
        }
        else
        {
            Assert.Equal(found / labeled, h.HitRate, 9);
        }
    }

    [Fact]
    public void ExpectedHitRate_At_SameOutcomeDifferentScores_HigherScoreFirst()
    {
        RankGroup[] groups = [new(Outcome.Inspect, 0.86, 5, 5, 0), new(Outcome.Inspect, 0.99, 5, 5, 5)];
        Assert.Equal(1.0, ExpectedHitRate.At(groups, 0.5).HitRate, 9);
        Assert.Equal(0.5, ExpectedHitRate.At(groups, 1.0).HitRate, 9);
    }

    [Fact]
    public void ExpectedHitRate_At_InspectWithLowScoreBeforeHoldWithHighScore()
    {
        // A forced INSPECT keeps a low score; it still comes before any HOLD.
        RankGroup[] groups = [new(Outcome.Hold, 0.8, 1, 1, 0), new(Outcome.Inspect, 0.1, 1, 1, 1)];
        Assert.Equal(1.0, ExpectedHitRate.At(groups, 0.5).HitRate, 9);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void ExpectedHitRate_At_RateOutOfRange_Throws(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedHitRate.At(s_groups, rate));

    [Fact]
    public void PackResult_ScoreHistogram_PutsOneInTheLastBin()
    {
        RankGroup[] groups = [new(Outcome.Release, 0.0, 3, 0, 0), new(Outcome.Hold, 0.5, 2, 0, 0), new(Outcome.Inspect, 1.0, 1, 0, 0), new(Outcome.Hold, 0.49, 4, 0, 0)];
        var pack = new PackResult("p", "1", "dir", [3, 6, 1], [0, 0, 0], [0, 0, 0], 0, [], groups);
        Assert.Equal([3L, 0, 0, 0, 4, 2, 0, 0, 0, 1], pack.ScoreHistogram(10));
        Assert.Equal(10, pack.Decided);
        Assert.Equal(0.1, pack.InspectionRate, 9);
    }

    [Fact]
    public void PackResult_ReasonCodes_SumsRulesSharingACodeMostFirst()
    {
        RuleHits[] rules = [new("a", "X", 5, 0, 0), new("b", "Y", 7, 0, 0), new("c", "X", 4, 0, 0), new("d", "Z", 0, 0, 0)];
        var pack = new PackResult("p", "1", "dir", [16, 0, 0], [0, 0, 0], [0, 0, 0], 0, rules, []);
        Assert.Equal([("X", 9L), ("Y", 7L)], pack.ReasonCodes());
    }

    [Fact]
    public void RuleRow_Join_KeepsFirstPackOrderThenNewRules()
    {
        var a = new PackResult("a", "1", "a", [1, 0, 0], [0, 0, 0], [0, 0, 0], 0, [new("r1", "C1", 3, 0, 0), new("r2", "C2", 1, 0, 0)], []);
        var b = new PackResult("b", "1", "b", [1, 0, 0], [0, 0, 0], [0, 0, 0], 0, [new("r2", "C2", 4, 0, 0), new("r3", "C3", 2, 0, 0)], []);
        IReadOnlyList<RuleRow> rows = RuleRow.Join([a, b]);
        Assert.Equal(["r1", "r2", "r3"], rows.Select(r => r.RuleId));
        Assert.Null(rows[0].PerPack[1]);
        Assert.Equal(0, rows[0].Hits(1));
        Assert.Equal(4, rows[1].Hits(1));
        Assert.Null(rows[2].PerPack[0]);
    }
}
