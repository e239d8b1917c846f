using ParcelStream.Codec.Decisions;

namespace ParcelStream.DevTools.Simulation;

/// <summary>One simulated parcel as the <see cref="SimulationReport"/> sees it: truth, decision and inspection together.</summary>
/// <param name="Day">The simulated day, 0-based.</param>
/// <param name="ManifestId">The manifest.</param>
/// <param name="Pattern">What was planted (<see cref="PlantedPattern.None"/>: compliant).</param>
/// <param name="RevenueAtStakeCents">The truth's revenue at stake, EUR cents.</param>
/// <param name="Score">The model score, or the risk score without a model: higher is riskier.</param>
/// <param name="Outcome">The decision's outcome.</param>
/// <param name="SelectedBy">Why it was selected for inspection, if it was.</param>
/// <param name="Inspected">Whether the office inspected it (it may not have, beyond capacity).</param>
/// <param name="Found">Whether the inspection reported FOUND.</param>
public readonly record struct ReportRow(int Day, string ManifestId, PlantedPattern Pattern, long RevenueAtStakeCents, double Score, Outcome Outcome, SelectedBy SelectedBy, bool Inspected, bool Found)
{
    /// <summary>Gets whether the parcel is non-compliant (something was planted).</summary>
    public bool NonCompliant => Pattern != PlantedPattern.None;
}
