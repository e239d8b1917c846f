using ParcelStream.Rules.Feedback;

namespace ParcelStream.Rules.Tests.Feedback;

public sealed class BetaEstimateTests
{
    [Theory]
    [InlineData(1, 1, 0, 0, 0.5)]
    [InlineData(1, 19, 0, 0, 0.05)]
    [InlineData(1, 19, 10, 10, 11.0 / 30.0)]
    [InlineData(2, 8, 3, 20, 5.0 / 30.0)]
    [InlineData(0.5, 0.5, 0, 7, 0.5 / 8.0)]
    public void Mean_PriorAndCounts_IsPosteriorMean(double alpha0, double beta0, long found, long inspected, double expected)
    {
        var estimate = new BetaEstimate(new RiskPrior(alpha0, beta0), new FeedbackCounts(inspected, found));
        Assert.Equal(expected, estimate.Mean, 12);
        Assert.Equal(alpha0 + found, estimate.Alpha, 12);
        Assert.Equal(beta0 + inspected - found, estimate.Beta, 12);
    }

    // Closed forms: Beta(a, 1) has CDF x^a, Beta(1, b) has CDF 1 - (1 - x)^b.
    [Theory]
    [InlineData(1, 1, 0.025, 0.975)] // uniform: the quantiles are the probabilities
    [InlineData(2, 1, 0.158113883008419, 0.987420882906575)] // CDF x^2: sqrt(p)
    [InlineData(1, 2, 0.012579117093425, 0.841886116991581)] // CDF 1-(1-x)^2
    [InlineData(1, 9, 0.002809136746599, 0.336267116879943)] // CDF 1-(1-x)^9
    public void CredibleInterval_ClosedFormCases_MatchQuantiles(double alpha, double beta, double low, double high)
    {
        var estimate = new BetaEstimate(new RiskPrior(alpha, beta), default);
        (double l, double h) = estimate.CredibleInterval(0.95);
        Assert.Equal(low, l, 9);
        Assert.Equal(high, h, 9);
    }

    [Fact]
    public void CredibleInterval_MoreEvidence_IsNarrowerAndHoldsTheMean()
    {
        var prior = new RiskPrior(1, 1);
        (double l1, double h1) = new BetaEstimate(prior, new FeedbackCounts(10, 3)).CredibleInterval();
        (double l2, double h2) = new BetaEstimate(prior, new FeedbackCounts(1000, 300)).CredibleInterval();
        Assert.True(h2 - l2 < (h1 - l1) / 5, $"{l1}..{h1} vs {l2}..{h2}");
        Assert.InRange(0.3, l2, h2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(double.NaN)]
    public void CredibleInterval_LevelOutOfRange_Throws(double level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BetaEstimate(RiskPrior.Uniform, default).CredibleInterval(level));

    [Fact]
    public void FromBaseline_BaselineRate_CentresThePriorWithTheGivenStrength()
    {
        RiskPrior prior = RiskPrior.FromBaseline(new FeedbackCounts(998, 98), 20, RiskPrior.Uniform);
        Assert.Equal(20, prior.Alpha + prior.Beta, 12);
        Assert.Equal(99.0 / 1000.0, prior.Mean, 12);
    }
}
