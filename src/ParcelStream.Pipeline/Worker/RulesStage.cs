using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;

namespace ParcelStream.Pipeline.Worker;

/// <summary>The worker's decision stage: the customs rule engine (hot-reloaded packs are picked up by the engine itself).</summary>
/// <param name="engine">The engine.</param>
public readonly struct RulesStage(RuleEngine engine) : IDecisionStage
{
    /// <inheritdoc />
    public void Evaluate(ManifestView manifest, CustomsDecision decision) => engine.Evaluate(manifest, decision);
}
