using ParcelStream.Codec.Decisions;

namespace ParcelStream.DevTools.Simulation;

/// <summary>What the <see cref="InspectionOffice"/> needs of one decision.</summary>
/// <param name="ManifestId">The decided manifest.</param>
/// <param name="Outcome">The decision's outcome; the office inspects only <see cref="Outcome.Inspect"/>.</param>
/// <param name="RandomSelection">Whether the reasons include RANDOM_SELECTION (always inspected, within capacity or not).</param>
/// <param name="RiskScore">The risk score (or model score): beyond capacity the highest are inspected first.</param>
/// <param name="Referral">The decision's referral (what kind of check).</param>
/// <param name="DecidedAtMillis">When it was decided, UTC milliseconds (simulated time): inspectedAt counts from it.</param>
public readonly record struct InspectionDecision(string ManifestId, Outcome Outcome, bool RandomSelection, double RiskScore, Referral Referral, long DecidedAtMillis);
