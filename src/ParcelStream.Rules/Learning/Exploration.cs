using ParcelStream.Codec.Decisions;

namespace ParcelStream.Rules.Learning;

/// <summary>How an active learned model explores: which sellers' parcels it inspects to learn about them (the engine draws, a trainer weights).</summary>
public static class Exploration
{
    /// <summary>
    /// Gets the probability that exploration picks a parcel of a seller with <paramref name="history"/>: the rate, times
    /// the square of the seller's unbiased posterior over the prior mean (within 1/16 and 16: a seller found in its random
    /// and explored parcels is explored more, one found clean less), over the square root of 1 + those results (the more
    /// that is known, the less to learn).
    /// </summary>
    /// <param name="rate">The exploration rate.</param>
    /// <param name="history">The seller's history (unknown: the rate itself).</param>
    /// <returns>The probability, at most 1.</returns>
    public static double Probability(double rate, in RiskHistory history)
    {
        if (!history.IsKnown)
        {
            return rate;
        }

        double ratio = history.SellerBaselineRisk / history.PriorMean;
        double weight = Math.Clamp(ratio * ratio, 1.0 / 16, 16);
        return Math.Min(1, rate * weight / Math.Sqrt(1 + history.SellerBaselineInspected));
    }
}
