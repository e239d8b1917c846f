using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Host;

/// <summary>The worker's decision stage: the customs rule engine (hot-reloaded packs are picked up by the engine itself).</summary>
/// <param name="engine">The engine.</param>
internal readonly struct RulesStage(RuleEngine engine) : IDecisionStage
{
    public void Evaluate(ManifestView manifest, CustomsDecision decision) => engine.Evaluate(manifest, decision);
}
