using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// A rule pack under test, with the engine settings it runs with. Replay decides every manifest through
/// <see cref="Decide"/>: the rule pack, then, when given split-shipment settings, the stateful split-shipment and
/// duplicate checks against one in-memory store (no changelog), which needs the manifests in file order: replay then
/// runs on one thread (<see cref="ReplayOptions.Validate"/>).
/// </summary>
public sealed class ReplayPack
{
    private readonly StatefulChecks? _checks;
    private readonly KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>? _store;
    private readonly AmendmentCount? _amendments;

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

    /// <summary>Initializes a pack under test with the stateful stages.</summary>
    /// <param name="name">A short name for reports.</param>
    /// <param name="engine">The engine holding the pack.</param>
    /// <param name="stateful">Window and thresholds of the split-shipment check.</param>
    public ReplayPack(string name, RuleEngine engine, SplitShipmentSettings stateful)
        : this(name, engine)
    {
        ArgumentNullException.ThrowIfNull(stateful);
        _checks = new StatefulChecks(stateful);
        _store = new KeyValueStore<ConsigneeKey, ParcelWindow, ParcelWindowCodec>("split-store", 0, null, null, stateful.Window);
        _amendments = new AmendmentCount();
    }

    /// <summary>Gets whether the stateful stages run (manifests must then come in file order, on one thread).</summary>
    public bool Stateful => _checks is not null;

    /// <summary>Gets the amendments the split-shipment check made (counted, not written: a decision file holds one decision per manifest).</summary>
    public long Amendments => _amendments?.Count ?? 0;

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
    /// <param name="shard">The replay shard (see <see cref="ShardTurns"/>): the partition whose estimate gives the inspection cut-off.</param>
    internal void Decide(ManifestView manifest, CustomsDecision decision, int shard)
    {
        Engine.Evaluate(manifest, decision, shard);
        _checks?.Apply(manifest, decision, Pack, _store!, _amendments);
    }

    /// <summary>Counts amendments.</summary>
    private sealed class AmendmentCount : IAmendmentSink
    {
        public long Count { get; private set; }

        public void Publish(CustomsDecision amendment) => Count++;
    }
}
