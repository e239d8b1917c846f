namespace ParcelStream.Backtest.Analysis;

/// <summary>A stretch of the history in file order (about a fiftieth of it), with the outcomes each pack gave there.</summary>
/// <param name="FirstRecord">Record index of the stretch's first manifest.</param>
/// <param name="Manifests">Manifests decided in the stretch.</param>
/// <param name="FromMillis">Earliest createdAt in the stretch (UTC ms).</param>
/// <param name="ToMillis">Latest createdAt in the stretch (UTC ms).</param>
/// <param name="Outcomes">Per pack, RELEASE, HOLD and INSPECT counts: pack-major.</param>
public sealed record TimelinePoint(long FirstRecord, long Manifests, long FromMillis, long ToMillis, IReadOnlyList<long> Outcomes)
{
    /// <summary>Gets the share of the stretch's manifests a pack inspects.</summary>
    /// <param name="pack">The pack's index.</param>
    /// <returns>0..1; 0 for an empty stretch.</returns>
    public double InspectionRate(int pack) => Manifests == 0 ? 0 : (double)Outcomes[(pack * OutcomeSymbols.Count) + 2] / Manifests;
}
