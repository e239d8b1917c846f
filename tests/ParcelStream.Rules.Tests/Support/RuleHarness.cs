using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Tests.Support;

/// <summary>Encodes a manifest record, decodes it into a view as the worker does, and evaluates it.</summary>
internal sealed class RuleHarness
{
    private static readonly Lazy<RulePack> s_default = new(() => RulePack.Load(DefaultPackDirectory));

    private readonly ManifestDecoder _decoder = new(SchemaRegistry.Default);

    public RuleHarness(RulePack? pack = null, RuleEngineOptions? options = null)
    {
        Engine = new RuleEngine(pack ?? s_default.Value, options ?? new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 0 });
    }

    /// <summary>Gets the shipped pack, as copied next to the tests.</summary>
    public static string DefaultPackDirectory => Path.Combine(AppContext.BaseDirectory, "rules", "default");

    /// <summary>Gets the shipped pack, loaded once.</summary>
    public static RulePack DefaultPack => s_default.Value;

    public RuleEngine Engine { get; }

    public ManifestView View { get; } = new();

    public CustomsDecision Decision { get; } = new();

    /// <summary>Decodes the record into <see cref="View"/>.</summary>
    public void Load(ManifestRecord record)
    {
        byte[] bytes = ManifestEncoder.ToBytes(record);
        AvroError error = _decoder.Decode(bytes, 0, bytes.Length, View);
        Assert.False(error.IsError, error.ToString());
    }

    /// <summary>Evaluates the record and returns the filled decision.</summary>
    public CustomsDecision Evaluate(ManifestRecord record, RiskHistory history = default)
    {
        Load(record);
        Decision.Reset();
        Decision.RiskHistory = history;
        Engine.Evaluate(View, Decision);
        return Decision;
    }

    /// <summary>Lists the decision's reasons as "code:ruleId".</summary>
    public static IReadOnlyList<string> Reasons(CustomsDecision decision) =>
        Enumerable.Range(0, decision.ReasonCount)
            .Select(i => $"{Encoding.UTF8.GetString(decision.ReasonCode(i))}:{Encoding.UTF8.GetString(decision.ReasonRuleId(i))}")
            .ToList();

    /// <summary>Tells whether a rule is among the decision's reasons.</summary>
    public static bool HasRule(CustomsDecision decision, string ruleId) =>
        Enumerable.Range(0, decision.ReasonCount).Any(i => decision.ReasonRuleId(i).SequenceEqual(Encoding.UTF8.GetBytes(ruleId)));
}
