using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// The worker's decision stage: the customs rule engine (hot-reloaded packs are picked up by the engine itself), fed
/// with the seller's and consignor's inspection history when feedback is on.
/// </summary>
/// <param name="engine">The engine.</param>
/// <param name="history">Inspection history from the feedback statistics; null when feedback is off.</param>
public readonly struct RulesStage(RuleEngine engine, RiskHistoryTable? history = null) : IDecisionStage
{
    /// <inheritdoc />
    public void Evaluate(ManifestView manifest, CustomsDecision decision, int partition, double recordedCutoff)
    {
        if (history is not null)
        {
            // Recorded in the decision (and sent as a header) so that the decision can be reproduced.
            decision.RiskHistory = history.Lookup(manifest);
        }

        engine.Evaluate(manifest, decision, partition, recordedCutoff);
    }
}
