namespace ParcelStream.Rules.Feedback;

/// <summary>
/// A Beta-Bernoulli estimate of a probability of FOUND: prior Beta(alpha0, beta0), observed counts, posterior
/// Beta(alpha0 + found, beta0 + clean).
/// </summary>
/// <param name="Prior">The prior.</param>
/// <param name="Counts">The observed results.</param>
public readonly record struct BetaEstimate(RiskPrior Prior, FeedbackCounts Counts)
{
    /// <summary>Gets the posterior alpha.</summary>
    public double Alpha => Prior.Alpha + Counts.Found;

    /// <summary>Gets the posterior beta.</summary>
    public double Beta => Prior.Beta + Counts.Clean;

    /// <summary>Gets the posterior mean (alpha0 + found) / (alpha0 + beta0 + inspected).</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>Gets the equal-tailed credible interval holding <paramref name="level"/> of the posterior.</summary>
    /// <param name="level">E.g. 0.95.</param>
    /// <returns>Lower and upper bounds.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The level is not strictly between 0 and 1.</exception>
    public (double Low, double High) CredibleInterval(double level = 0.95)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The credible level must be strictly between 0 and 1.");
        }

        double tail = (1 - level) / 2;
        return (BetaDistribution.Quantile(Alpha, Beta, tail), BetaDistribution.Quantile(Alpha, Beta, 1 - tail));
    }
}
