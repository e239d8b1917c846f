namespace ParcelStream.Backtest.Analysis;

/// <summary>How often one rule hit during a replay, and how often it hit on parcels whose inspection result is known.</summary>
/// <param name="RuleId">Rule id (engine.* for the engine's own reasons).</param>
/// <param name="Code">Reason code.</param>
/// <param name="Hits">Manifests it hit.</param>
/// <param name="Labeled">Manifests it hit whose inspection result is known.</param>
/// <param name="Found">Of those, manifests where the inspection found something.</param>
public sealed record RuleHits(string RuleId, string Code, long Hits, long Labeled, long Found)
{
    /// <summary>Gets the share of labeled hits where something was found, or NaN when none is labeled.</summary>
    public double Precision => Labeled == 0 ? double.NaN : (double)Found / Labeled;
}
