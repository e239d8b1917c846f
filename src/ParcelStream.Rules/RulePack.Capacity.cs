using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Capacity;

namespace ParcelStream.Rules;

/// <content>Inspection capacity in the decision: escalation within capacity, and the reasons of an INSPECT selected by score.</content>
public sealed partial class RulePack
{
    /// <summary>Gets the reason id of every INSPECT the learned model selected.</summary>
    public static ReadOnlySpan<byte> ModelReasonId => "engine.model"u8;

    private static Outcome EscalationOutcome(Outcome configured, in CapacitySelection capacity) =>
        configured == Outcome.Inspect && capacity.IsOn && !capacity.Selects ? Outcome.Hold : configured;

    private static void AddInspectReason(CustomsDecision decision, bool byCapacity, bool aboveThreshold, bool byModel)
    {
        if (byModel)
        {
            // One id for every selection the model drove, so the feedback join measures the model's hit rate against the
            // random baseline (rule:engine.model), whatever features each selection gives as its own reasons.
            decision.AddReason(ModelReasonId, "MODEL_RISK"u8, byCapacity ? "learned risk model ranks it within inspection capacity"u8 : "learned risk model score at or above the inspect threshold"u8);
        }
        else if (!byCapacity)
        {
            decision.AddReason("engine.risk-score"u8, "RISK_SCORE"u8, "risk score at or above the inspect threshold"u8);
        }
        else if (aboveThreshold)
        {
            decision.AddReason("engine.risk-score"u8, "RISK_SCORE"u8, "risk score ranks within inspection capacity"u8);
        }
        else
        {
            // ASYCUDA's expected rate as a floor: too few risky parcels, so the riskiest of the rest fill the capacity.
            decision.AddReason("engine.capacity-top-up"u8, "CAPACITY_TOP_UP"u8, "topped up to inspection capacity by risk rank"u8);
        }
    }
}
