using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// A rule pack under test, with the engine settings it runs with. Replay decides every manifest through
/// <see cref="Decide"/>: only the stateless rule pack today; the stateful stages (split shipments, duplicates,
/// feedback) do not exist yet and will join there.
/// </summary>
public sealed class ReplayPack
{
    /// <summary>Initializes a pack under test.</summary>
    /// <param name="name">A short name for reports (e.g. "baseline", or the directory name).</param>
    /// <param name="engine">The engine holding the pack; replay never reloads it.</param>
    public ReplayPack(string name, RuleEngine engine)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(engine);
        Name = name;
        Engine = engine;
        Pack = engine.Current;
    }

    /// <summary>Gets the name used in reports.</summary>
    public string Name { get; }

    /// <summary>Gets the engine.</summary>
    public RuleEngine Engine { get; }

    /// <summary>Gets the rule pack (the engine's at construction).</summary>
    public RulePack Pack { get; }

    /// <summary>
    /// Decides one manifest. The only place replay evaluates a manifest, so that a stage added later is used by every
    /// replay; a stateful stage must then also see the manifests in input order (file order, or partition then offset for a
    /// topic range; see <see cref="Replayer"/>).
    /// </summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="decision">The decision, reset, with ids, source and time set.</param>
    internal void Decide(ManifestView manifest, CustomsDecision decision) => Engine.Evaluate(manifest, decision);
}
