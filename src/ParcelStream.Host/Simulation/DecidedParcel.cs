using ParcelStream.Codec.Decisions;
using ParcelStream.DevTools.Simulation;

namespace ParcelStream.Host.Simulation;

/// <summary>What the worker decided for one simulated parcel, as the simulation reads it back from the decision topics.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="RiskScore">The score the engine ranked by (the model's combined with the rules' when a model is active).</param>
/// <param name="Referral">The referral.</param>
/// <param name="RandomSelection">Whether random selection picked it.</param>
/// <param name="SelectedBy">What drove an INSPECT.</param>
/// <param name="ModelSelected">Whether the learned model ranked it into the inspections (reason engine.model).</param>
/// <param name="Explored">Whether the model explored it (reason engine.exploration).</param>
internal readonly record struct DecidedParcel(Outcome Outcome, double RiskScore, Referral Referral, bool RandomSelection, SelectedBy SelectedBy, bool ModelSelected, bool Explored)
{
    /// <summary>Reads what the report needs from a decision.</summary>
    /// <param name="d">The decision.</param>
    /// <param name="pack">The pack that decided (which of its rules force INSPECT).</param>
    /// <returns>The parcel's decision.</returns>
    public static DecidedParcel From(CustomsDecision d, ParcelStream.Rules.RulePack pack)
    {
        bool random = d.HasReason("RANDOM_SELECTION"u8);
        bool model = d.HasReason("MODEL_RISK"u8);
        // Exploration is the model's own choice: counted with the risk selections, whose hit rate it can only lower.
        bool explored = d.HasReason("EXPLORATION"u8);
        bool risk = model || explored || d.HasReason("RISK_SCORE"u8) || d.HasReason("CAPACITY_TOP_UP"u8);

        // An INSPECT is the rules' own when no engine reason drove it; random only when nothing else would have.
        SelectedBy by = d.Outcome != Outcome.Inspect ? SelectedBy.None
            : risk ? SelectedBy.Risk
            : Forced(d, pack) ? SelectedBy.ForcedRule
            : random ? SelectedBy.Random
            : SelectedBy.ForcedRule;
        return new DecidedParcel(d.Outcome, d.RiskScore, d.Referral, random, by, model, explored);
    }

    private static bool Forced(CustomsDecision d, ParcelStream.Rules.RulePack pack)
    {
        for (int i = 0; i < d.ReasonCount; i++)
        {
            if (pack.ForcesInspection(System.Text.Encoding.UTF8.GetString(d.ReasonRuleId(i))))
            {
                return true;
            }
        }

        return false;
    }
}
