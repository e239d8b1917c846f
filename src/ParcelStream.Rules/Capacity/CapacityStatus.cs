namespace ParcelStream.Rules.Capacity;

/// <summary>Inspection capacity of one destination, summed over the input partitions.</summary>
/// <param name="Destination">Destination country, or "other" for those without their own share.</param>
/// <param name="Share">The configured capacity share.</param>
/// <param name="Decided">Parcels decided.</param>
/// <param name="Inspected">Parcels inspected, whatever selected them.</param>
/// <param name="Forced">Parcels inspected because a rule forced it.</param>
/// <param name="Random">Parcels inspected by random selection alone.</param>
/// <param name="RecentInspectShare">Recent share of INSPECT among decided (decayed; mean over partitions).</param>
/// <param name="RecentForcedShare">Recent share of forced INSPECT among decided (decayed; mean over partitions).</param>
/// <param name="Cutoff">The lowest current cut-off over partitions, NaN when none decided yet.</param>
public sealed record CapacityStatus(string Destination, double Share, long Decided, long Inspected, long Forced, long Random, double RecentInspectShare, double RecentForcedShare, double Cutoff);
