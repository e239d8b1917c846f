namespace ParcelStream.Backtest.Analysis;

/// <summary>What changes from the baseline pack to the candidate pack.</summary>
/// <param name="Transitions">Outcome transitions, baseline to candidate.</param>
/// <param name="Added">The first manifests (in file order) the candidate inspects and the baseline does not.</param>
/// <param name="Removed">The first manifests the baseline inspects and the candidate does not.</param>
public sealed record ComparisonResult(TransitionMatrix Transitions, IReadOnlyList<InspectionChange> Added, IReadOnlyList<InspectionChange> Removed);
