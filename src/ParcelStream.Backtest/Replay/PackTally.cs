using System.Runtime.InteropServices;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// One worker's counts for one pack: outcomes, rule hits and manifests by outcome and score, each split by known
/// inspection result. Integer counts only, so that merging the workers' tallies gives the same totals in any order.
/// </summary>
internal sealed class PackTally
{
    private readonly RuleCatalog _catalog;
    private readonly Dictionary<(Outcome Outcome, double Score), Counts> _groups = [];

    /// <summary>Initializes an empty tally.</summary>
    /// <param name="catalog">The pack's reasons.</param>
    public PackTally(RuleCatalog catalog)
    {
        _catalog = catalog;
        RuleHits = new Counts[catalog.Count];
    }

    /// <summary>Gets the manifests per outcome.</summary>
    public long[] Outcomes { get; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the labeled manifests per outcome.</summary>
    public long[] Labeled { get; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the labeled manifests where something was found, per outcome.</summary>
    public long[] Found { get; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the manifests the generator planted nothing in, per outcome.</summary>
    public long[] Clean { get; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the manifests the generator planted a flaw or risk in, per outcome.</summary>
    public long[] Planted { get; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the number of releases flagged for post-clearance audit.</summary>
    public long Audit { get; private set; }

    /// <summary>Gets the hits per catalog entry.</summary>
    public Counts[] RuleHits { get; }

    /// <summary>Counts one decision.</summary>
    /// <param name="decision">The decision.</param>
    /// <param name="result">The manifest's known inspection result.</param>
    /// <param name="planted">What the generator planted in the manifest, when known.</param>
    public void Add(CustomsDecision decision, InspectionResult result, PlantedKind planted = PlantedKind.Unknown)
    {
        int outcome = (int)decision.Outcome;
        int labeled = result == InspectionResult.Unknown ? 0 : 1;
        int found = result == InspectionResult.Found ? 1 : 0;
        Outcomes[outcome]++;
        Labeled[outcome] += labeled;
        Found[outcome] += found;
        if (planted == PlantedKind.Clean)
        {
            Clean[outcome]++;
        }
        else if (planted == PlantedKind.Planted)
        {
            Planted[outcome]++;
        }

        if (decision.PostClearanceAudit)
        {
            Audit++;
        }

        ref Counts group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, (decision.Outcome, decision.RiskScore), out _);
        group.Add(labeled, found);
        int cursor = 0;
        for (int i = 0; i < decision.ReasonCount; i++)
        {
            RuleHits[_catalog.IndexOf(decision.ReasonRuleId(i), ref cursor)].Add(labeled, found);
        }
    }

    /// <summary>Adds another worker's tally for the same pack.</summary>
    /// <param name="other">The other tally.</param>
    public void Add(PackTally other)
    {
        for (int o = 0; o < OutcomeSymbols.Count; o++)
        {
            Outcomes[o] += other.Outcomes[o];
            Labeled[o] += other.Labeled[o];
            Found[o] += other.Found[o];
            Clean[o] += other.Clean[o];
            Planted[o] += other.Planted[o];
        }

        Audit += other.Audit;
        for (int r = 0; r < RuleHits.Length; r++)
        {
            RuleHits[r].Add(other.RuleHits[r]);
        }

        foreach (KeyValuePair<(Outcome Outcome, double Score), Counts> g in other._groups)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_groups, g.Key, out _).Add(g.Value);
        }
    }

    /// <summary>Gets the rule hits, catalog entries that never hit left out (apart from the pack's own rules).</summary>
    /// <param name="packRules">How many leading catalog entries are the pack's rules (listed even with no hit).</param>
    /// <returns>The hits in catalog order.</returns>
    public IReadOnlyList<RuleHits> GetRuleHits(int packRules)
    {
        var hits = new List<RuleHits>(RuleHits.Length);
        for (int r = 0; r < RuleHits.Length; r++)
        {
            Counts c = RuleHits[r];
            if (r < packRules || c.Count > 0)
            {
                hits.Add(new RuleHits(_catalog.Ids[r], _catalog.Codes[r], c.Count, c.Labeled, c.Found));
            }
        }

        return hits;
    }

    /// <summary>Gets the manifests grouped by outcome and score, highest inspection priority first.</summary>
    /// <returns>The groups.</returns>
    public RankGroup[] GetRankGroups()
    {
        RankGroup[] groups = [.. _groups.Select(g => new RankGroup(g.Key.Outcome, g.Key.Score, g.Value.Count, g.Value.Labeled, g.Value.Found))];
        Array.Sort(groups, RankGroup.ByPriority);
        return groups;
    }

    /// <summary>A count of manifests, with how many are labeled and how many of those found something.</summary>
    internal struct Counts
    {
        public long Count;
        public long Labeled;
        public long Found;

        public void Add(int labeled, int found)
        {
            Count++;
            Labeled += labeled;
            Found += found;
        }

        public void Add(Counts other)
        {
            Count += other.Count;
            Labeled += other.Labeled;
            Found += other.Found;
        }
    }
}
