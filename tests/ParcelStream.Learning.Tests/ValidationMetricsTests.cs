namespace ParcelStream.Learning.Tests;

public sealed class ValidationMetricsTests
{
    [Theory]
    [InlineData(new double[] { 0.1, 0.2, 0.8, 0.9 }, new[] { false, false, true, true }, 1.0)]
    [InlineData(new double[] { 0.9, 0.8, 0.2, 0.1 }, new[] { false, false, true, true }, 0.0)]
    [InlineData(new double[] { 0.5, 0.5, 0.5, 0.5 }, new[] { false, true, false, true }, 0.5)]
    [InlineData(new double[] { 0.1, 0.4, 0.35, 0.8 }, new[] { false, false, true, true }, 0.75)]
    public void Auc_KnownRankings_MannWhitneyValue(double[] scores, bool[] labels, double expected) =>
        Assert.Equal(expected, ValidationMetrics.Auc(scores, labels, []), 9);

    [Fact]
    public void Auc_Weights_CountAsRepeatedExamples()
    {
        // The negative at 0.5 weighs 3: AUC = (3 * 1 + 1 * 0) / (1 * 4) for the positive at 0.6 above 0.5, below 0.7.
        double weighted = ValidationMetrics.Auc([0.5, 0.6, 0.7], [false, true, false], [3, 1, 1]);
        double repeated = ValidationMetrics.Auc([0.5, 0.5, 0.5, 0.6, 0.7], [false, false, false, true, false], []);

        Assert.Equal(0.75, weighted, 9);
        Assert.Equal(repeated, weighted, 9);
    }

    [Fact]
    public void Auc_OneClass_NaN() => Assert.True(double.IsNaN(ValidationMetrics.Auc([0.1, 0.2], [true, true], [])));

    [Fact]
    public void Lift_TopShareAllFound_RateOverBaseRate()
    {
        // 100 examples, 5 FOUND with the highest scores: the top 2 % are all FOUND, 20x the 5 % base rate.
        double[] scores = [.. Enumerable.Range(0, 100).Select(i => i / 100.0)];
        bool[] labels = [.. Enumerable.Range(0, 100).Select(i => i >= 95)];

        Assert.Equal(20, ValidationMetrics.Lift(scores, labels, [], 0.02), 9);
        Assert.Equal(10.0 / 3, ValidationMetrics.Lift(scores, labels, [], 0.3), 9);
    }
}
