using System.Text;
using ParcelStream.Rules.Compilation;
using ParcelStream.Rules.Evaluation;

namespace ParcelStream.Rules;

/// <summary>
/// A rule pack compiled into its evaluation plan: immutable (apart from the per-rule hit counters, one row per thread) and shared by every
/// thread that evaluates. Load one with <see cref="Load"/>.
/// </summary>
public sealed partial class RulePack
{
    private readonly CompiledRule[] _rules;
    private readonly int[] _codeOf;
    private readonly int _codeCount;
    private readonly RuleProgram _program;
    private readonly FeatureSlot[] _manifestSlots;
    private readonly FeatureSlot[] _itemSlots;
    private readonly double[] _currencyScale;
    private readonly double[] _currencyRate;
    private readonly double _baseLogOdds;
    private readonly double _baseScore;
    private readonly byte[] _versionUtf8;
    private readonly RuleHitCounters _hits;
    private readonly IReadOnlyDictionary<string, Threshold> _thresholds;
    private readonly Fiscal.FiscalAssessor? _fiscal;
    private readonly Learning.RiskModel? _model;
    private readonly Learning.ModelMode _modelMode;

    internal RulePack(PackContents contents, DateTimeOffset loadedAt)
    {
        Directory = contents.Directory;
        Version = contents.Version;
        Name = contents.Name;
        _rules = contents.Rules;
        (_codeOf, _codeCount) = CodeIndexes(_rules);
        _program = new RuleProgram([.. _rules.Select(r => r.When)], [.. _rules.Select(r => r.FromMillis)], [.. _rules.Select(r => r.UntilMillis)]);
        _manifestSlots = contents.ManifestSlots;
        _itemSlots = contents.ItemSlots;
        _currencyScale = contents.CurrencyScale;
        _currencyRate = contents.CurrencyRate;
        _baseLogOdds = contents.BaseLogOdds;
        _baseScore = Score(_baseLogOdds);
        _versionUtf8 = Encoding.UTF8.GetBytes(Version);
        _hits = new RuleHitCounters(_rules.Length);
        _thresholds = contents.Thresholds;
        _fiscal = contents.Fiscal is null ? null : new Fiscal.FiscalAssessor(contents.Fiscal, _currencyScale, _currencyRate);
        _model = contents.Model;
        _modelMode = contents.ModelMode;
        RuleIds = _rules.Select(r => r.Id).ToArray();
        ListCount = contents.ListCount;
        WatchListEntryCount = contents.WatchListEntryCount;
        LoadedAt = loadedAt;
    }

    /// <summary>Gets the version declared in pack.yaml; every decision names it.</summary>
    public string Version { get; }

    /// <summary>Gets the directory the pack was loaded from.</summary>
    public string Directory { get; }

    /// <summary>Gets the pack's name from pack.yaml (empty when not given).</summary>
    public string Name { get; }

    /// <summary>Gets when the pack was loaded.</summary>
    public DateTimeOffset LoadedAt { get; }

    /// <summary>Gets the number of rules.</summary>
    public int RuleCount => _rules.Length;

    /// <summary>Gets the rule ids in evaluation order.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>Gets the number of named reference lists.</summary>
    public int ListCount { get; }

    /// <summary>Gets a value indicating whether the pack assesses duty and VAT (has an <c>assessment:</c> section).</summary>
    public bool HasAssessment => _fiscal is not null;

    /// <summary>Gets the number of parties on the pack's watch lists.</summary>
    public int WatchListEntryCount { get; }

    /// <summary>Loads, validates and compiles the rule pack in <paramref name="directory"/>.</summary>
    /// <param name="directory">Directory holding pack.yaml and the rule, list and watch-list files.</param>
    /// <param name="clock">Clock for <see cref="LoadedAt"/> (the system clock when null).</param>
    /// <returns>The compiled pack.</returns>
    /// <exception cref="RulePackException">The pack is invalid; its <see cref="RulePackException.Errors"/> name file, line and rule.</exception>
    public static RulePack Load(string directory, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        PackContents contents = PackCompiler.Compile(directory);
        try
        {
            return new RulePack(contents, (clock ?? TimeProvider.System).GetUtcNow());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Building the evaluation plan (and its IL) from a validated pack should not fail; if it does, the pack is
            // rejected like an invalid one rather than ending the process.
            throw new RulePackException([new RuleValidationError(Path.Combine(directory, PackCompiler.PackFile), 0, null, $"the rules cannot be compiled ({e.GetType().Name}: {e.Message})")]);
        }
    }

    /// <summary>Gets how often each rule hit since the pack was loaded, in evaluation order.</summary>
    /// <returns>A snapshot of the counters.</returns>
    public IReadOnlyList<RuleHitCount> GetRuleHits()
    {
        long[] counts = _hits.Sum();
        var hits = new RuleHitCount[_rules.Length];
        for (int i = 0; i < hits.Length; i++)
        {
            hits[i] = new RuleHitCount(_rules[i].Id, _rules[i].Code, counts[i]);
        }

        return hits;
    }

    /// <summary>Gets the compiled rules in evaluation order (for tests).</summary>
    internal IReadOnlyList<CompiledRule> Rules => _rules;

    /// <summary>Tells whether a rule of the pack forces INSPECT when it hits (for reports that attribute inspections).</summary>
    /// <param name="ruleId">The rule id.</param>
    /// <returns>False for an unknown id or a rule that forces nothing or HOLD.</returns>
    public bool ForcesInspection(string ruleId) => _rules.Any(r => r.Id == ruleId && r.Forced == Codec.Decisions.Outcome.Inspect);

    /// <summary>Gets the description of a rule, for explanations.</summary>
    /// <param name="ruleId">The id.</param>
    /// <returns>The description, or null for an unknown id.</returns>
    public string? DescribeRule(string ruleId) => _rules.FirstOrDefault(r => r.Id == ruleId)?.Description;

    /// <summary>Numbers the rules' reason codes 0.. in order of first use, so a code can count once per parcel.</summary>
    private static (int[] CodeOf, int Count) CodeIndexes(CompiledRule[] rules)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] codeOf = new int[rules.Length];
        for (int i = 0; i < rules.Length; i++)
        {
            if (!codes.TryGetValue(rules[i].Code, out int index))
            {
                index = codes.Count;
                codes.Add(rules[i].Code, index);
            }

            codeOf[i] = index;
        }

        return (codeOf, codes.Count);
    }

    /// <inheritdoc />
    public override string ToString() => $"rule pack {Version} ({_rules.Length} rules) from {Directory}";
}
