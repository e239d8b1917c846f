namespace ParcelStream.Backtest.Analysis;

/// <summary>
/// What a pack would find if it inspected a given share of the parcels, highest priority first, judged on the parcels
/// whose inspection result is known. Where the cut falls inside a group of equal priority, that group counts in
/// proportion (each of its parcels is equally likely to be picked), so the figures are expectations.
/// </summary>
/// <param name="Rate">The inspection rate, 0..1 of all manifests.</param>
/// <param name="Selected">Manifests inspected at that rate (rate times the total).</param>
/// <param name="Labeled">Expected number of inspected manifests whose result is known.</param>
/// <param name="Found">Expected number of those where something is found.</param>
public sealed record ExpectedHitRate(double Rate, double Selected, double Labeled, double Found)
{
    /// <summary>Gets the expected share of labeled inspections that find something, or NaN when none is labeled.</summary>
    public double HitRate => Labeled > 0 ? Found / Labeled : double.NaN;

    /// <summary>Computes the expected hit rate of a pack at an inspection rate.</summary>
    /// <param name="groups">The pack's manifests grouped by outcome and score, in any order.</param>
    /// <param name="rate">The inspection rate, 0..1.</param>
    /// <returns>The expectation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside 0..1.</exception>
    public static ExpectedHitRate At(IEnumerable<RankGroup> groups, double rate)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (!(rate >= 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The inspection rate must be between 0 and 1.");
        }

        RankGroup[] ordered = [.. groups];
        Array.Sort(ordered, RankGroup.ByPriority);
        long total = 0;
        foreach (RankGroup g in ordered)
        {
            total += g.Count;
        }

        double quota = rate * total;
        double taken = 0;
        double labeled = 0;
        double found = 0;
        foreach (RankGroup g in ordered)
        {
            if (taken >= quota || g.Count == 0)
            {
                continue;
            }

            double share = Math.Min(1.0, (quota - taken) / g.Count);
            taken += share * g.Count;
            labeled += share * g.Labeled;
            found += share * g.Found;
        }

        return new ExpectedHitRate(rate, quota, labeled, found);
    }
}
