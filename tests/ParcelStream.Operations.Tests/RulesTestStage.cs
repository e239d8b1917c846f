using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests;

/// <summary>The host's decision stage: the shipped rule pack decides.</summary>
internal readonly struct RulesTestStage(RuleEngine engine) : IDecisionStage
{
    public void Evaluate(ManifestView manifest, CustomsDecision decision) => engine.Evaluate(manifest, decision);
}
