using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>A small deterministic stage for pipeline tests: the pipeline, not the rules, is under test here.</summary>
internal readonly struct TestStage : IDecisionStage
{
    public void Evaluate(ManifestView manifest, CustomsDecision decision, int partition, double recordedCutoff)
    {
        decision.SetRulesetVersion("test-1"u8);
        if (manifest.TotalValueMinor > 15_000)
        {
            decision.Outcome = Outcome.Inspect;
            decision.RiskScore = 0.9;
            decision.AddReason("T-VALUE"u8, "RISK_SCORE"u8, "value over 150.00"u8);
        }
        else if (manifest.Category == Category.Gift)
        {
            decision.Outcome = Outcome.Hold;
            decision.RiskScore = 0.5;
            decision.AddReason("T-GIFT"u8, "GIFT_COMMERCIAL"u8, "declared as a gift"u8);
        }
        else
        {
            decision.Outcome = Outcome.Release;
            decision.RiskScore = 0.05;
        }
    }
}
