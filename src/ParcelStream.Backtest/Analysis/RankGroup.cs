using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>
/// The manifests a pack gave the same outcome and risk score: the unit of its inspection priority (INSPECT before HOLD
/// before RELEASE, then higher score first), with how many of them have a known inspection result and how many found something.
/// </summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Score">The risk score.</param>
/// <param name="Count">Manifests.</param>
/// <param name="Labeled">Manifests whose inspection result is known.</param>
/// <param name="Found">Labeled manifests where the inspection found something.</param>
public readonly record struct RankGroup(Outcome Outcome, double Score, long Count, long Labeled, long Found)
{
    /// <summary>Orders groups by inspection priority, highest first: outcome, then score.</summary>
    /// <param name="x">One group.</param>
    /// <param name="y">The other.</param>
    /// <returns>Negative when <paramref name="x"/> comes first.</returns>
    public static int ByPriority(RankGroup x, RankGroup y)
    {
        int byOutcome = y.Outcome.CompareTo(x.Outcome);
        return byOutcome != 0 ? byOutcome : y.Score.CompareTo(x.Score);
    }
}
