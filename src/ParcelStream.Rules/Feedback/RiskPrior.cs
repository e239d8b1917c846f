namespace ParcelStream.Rules.Feedback;

/// <summary>A Beta(alpha0, beta0) prior on a probability of FOUND: alpha0 and beta0 act as pseudo-counts of FOUND and CLEAN.</summary>
/// <param name="Alpha">alpha0, above 0.</param>
/// <param name="Beta">beta0, above 0.</param>
public readonly record struct RiskPrior(double Alpha, double Beta)
{
    /// <summary>Gets the uniform prior Beta(1, 1).</summary>
    public static RiskPrior Uniform => new(1, 1);

    /// <summary>Gets the prior mean alpha0 / (alpha0 + beta0).</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>Gets a value indicating whether both parameters are positive and finite.</summary>
    public bool IsValid => Alpha > 0 && Beta > 0 && double.IsFinite(Alpha) && double.IsFinite(Beta);

    /// <summary>
    /// A prior centred on the random-selection baseline (the unbiased rate of FOUND among parcels inspected at random),
    /// worth <paramref name="strength"/> pseudo-inspections; the baseline's own uncertainty is smoothed with
    /// <paramref name="fallback"/> so that a baseline of 0 of 3 still gives a usable prior.
    /// </summary>
    /// <param name="baseline">Results of random selections.</param>
    /// <param name="strength">alpha0 + beta0 of the result, above 0.</param>
    /// <param name="fallback">Prior of the baseline rate itself (used alone while there is no baseline).</param>
    /// <returns>The prior.</returns>
    public static RiskPrior FromBaseline(FeedbackCounts baseline, double strength, RiskPrior fallback)
    {
        double mean = new BetaEstimate(fallback, baseline).Mean;
        return new RiskPrior(mean * strength, (1 - mean) * strength);
    }
}
