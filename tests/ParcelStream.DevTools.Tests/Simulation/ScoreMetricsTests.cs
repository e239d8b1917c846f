using ParcelStream.DevTools.Simulation;

namespace ParcelStream.DevTools.Tests.Simulation;

public sealed class ScoreMetricsTests
{
    [Fact]
    public void Auc_TiedScores_AverageRanksAsByHand()
    {
        // Positives 0.9, 0.8, 0.5 against negatives 0.8, 0.5, 0.1: pairs won 3 + 2.5 + 1.5 = 7 of 9 (a tie counts half).
        double[] scores = [0.9, 0.8, 0.8, 0.5, 0.5, 0.1];
        bool[] positive = [true, true, false, true, false, false];

        Assert.Equal(7.0 / 9.0, ScoreMetrics.Auc(scores, positive), 12);
    }

    [Theory]
    [InlineData(new[] { 0.3, 0.3, 0.3, 0.3 }, new[] { true, false, false, true }, 0.5)]
    [InlineData(new[] { 0.9, 0.1, 0.2, 0.8 }, new[] { true, false, false, true }, 1.0)]
    [InlineData(new[] { 0.1, 0.9, 0.8, 0.2 }, new[] { true, false, false, true }, 0.0)]
    public void Auc_Extremes_ExpectedValue(double[] scores, bool[] positive, double expected) =>
        Assert.Equal(expected, ScoreMetrics.Auc(scores, positive), 12);

    [Fact]
    public void Auc_NoPositives_NaN() => Assert.True(double.IsNaN(ScoreMetrics.Auc([0.1, 0.2], [false, false])));

    [Fact]
    public void TopLift_BestTwoOfTwoHundredArePositive_FiftyTimesBaseRate()
    {
        // 4 positives in 200 (base rate 2 %); the top 1 % is 2 parcels, both positive: 100 % / 2 % = 50.
        double[] scores = [.. Enumerable.Range(0, 200).Select(i => 1.0 - (i / 200.0))];
        bool[] positive = [.. Enumerable.Range(0, 200).Select(i => i is 0 or 1 or 100 or 150)];

        Assert.Equal(50.0, ScoreMetrics.TopLift(scores, positive, 0.01), 9);
        Assert.Equal(25.0, ScoreMetrics.TopLift(scores, positive, 0.02), 9);
    }

    [Fact]
    public void TopLift_AllScoresTied_ExactlyOne()
    {
        double[] scores = [.. Enumerable.Repeat(0.018, 300)];
        bool[] positive = [.. Enumerable.Range(0, 300).Select(i => i % 30 == 0)];

        Assert.Equal(1.0, ScoreMetrics.TopLift(scores, positive, 0.02), 12);
    }

    [Fact]
    public void TopLift_TieStraddlesTheCut_CountsTheTiePartly()
    {
        // Top 2 of 10: one parcel at 0.9 (positive), then a tie of 4 at 0.5 holding 2 positives: 1 + 2 x 1/4 = 1.5 hits.
        double[] scores = [0.9, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1];
        bool[] positive = [true, true, true, false, false, false, false, false, false, false];

        Assert.Equal(1.5 / 2 / 0.3, ScoreMetrics.TopLift(scores, positive, 0.2), 12);
    }
}
