using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// What decides: fills outcome, score, reasons and ruleset version of a decision from a decoded manifest. Implemented
/// by structs so the lanes call it without virtual dispatch (the lanes are generic over it).
/// </summary>
public interface IDecisionStage
{
    /// <summary>Decides one manifest; must not allocate and must be safe to call from several lanes at once.</summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="decision">The decision to fill; ids, source and time are already set.</param>
    /// <param name="partition">The input partition (its lane owns it): the inspection capacity is estimated per partition, so lanes share nothing.</param>
    /// <param name="recordedCutoff">
    /// The inspection cut-off this record was decided with before (a record decided again after a restart), or NaN to
    /// use the partition's estimate.
    /// </param>
    void Evaluate(ManifestView manifest, CustomsDecision decision, int partition, double recordedCutoff);
}
