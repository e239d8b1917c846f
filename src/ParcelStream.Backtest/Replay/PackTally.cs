using System.Runtime.InteropServices;
using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// One worker's counts for one pack: outcomes, rule hits and manifests by outcome and score, each split by known
/// inspection result; referrals by outcome; duty and VAT by currency, regime, declaration type and VAT collector; the
/// reasons that stopped clean parcels. Integer counts only, so that merging the workers' tallies gives the same totals
/// in any order.
/// </summary>
internal sealed class PackTally
{
    private readonly RuleCatalog _catalog;
    private readonly Dictionary<(Outcome Outcome, double Score), Counts> _groups = [];
    private readonly Dictionary<AssessmentKey, AssessmentCounts> _assessments = [];

    /// <summary>Initializes an empty tally.</summary>
    /// <param name="catalog">The pack's reasons.</param>
    public PackTally(RuleCatalog catalog)
    {
        _catalog = catalog;
        RuleHits = new Counts[catalog.Count];
        CleanStopped = new long[catalog.Count];
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

    /// <summary>Gets the decisions per outcome and referral: index outcome x <see cref="ReferralSchema.Count"/> + referral.</summary>
    public long[] Referrals { get; } = new long[OutcomeSymbols.Count * ReferralSchema.Count];

    /// <summary>Gets the hits per catalog entry on clean manifests (nothing planted) that were held or inspected.</summary>
    public long[] CleanStopped { get; }

    /// <summary>Gets the number of decisions without a fiscal assessment.</summary>
    public long NotAssessed { get; private set; }

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

        Referrals[(outcome * ReferralSchema.Count) + Math.Min((int)decision.Referral, ReferralSchema.Count - 1)]++;
        AddAssessment(decision);
        ref Counts group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, (decision.Outcome, decision.RiskScore), out _);
        group.Add(labeled, found);
        bool cleanStopped = planted == PlantedKind.Clean && decision.Outcome != Outcome.Release;
        int cursor = 0;
        for (int i = 0; i < decision.ReasonCount; i++)
        {
            int entry = _catalog.IndexOf(decision.ReasonRuleId(i), ref cursor);
            RuleHits[entry].Add(labeled, found);
            if (cleanStopped)
            {
                CleanStopped[entry]++;
            }
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
        NotAssessed += other.NotAssessed;
        for (int r = 0; r < RuleHits.Length; r++)
        {
            RuleHits[r].Add(other.RuleHits[r]);
            CleanStopped[r] += other.CleanStopped[r];
        }

        for (int i = 0; i < Referrals.Length; i++)
        {
            Referrals[i] += other.Referrals[i];
        }

        foreach (KeyValuePair<(Outcome Outcome, double Score), Counts> g in other._groups)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_groups, g.Key, out _).Add(g.Value);
        }

        foreach (KeyValuePair<AssessmentKey, AssessmentCounts> a in other._assessments)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_assessments, a.Key, out _).Add(a.Value);
        }
    }

    /// <summary>Turns the merged tally into a pack's result.</summary>
    /// <param name="name">The pack's name in reports.</param>
    /// <param name="pack">The pack (version, directory, rule count, currency exponents).</param>
    /// <param name="capacity">What the engine's capacity selection counted.</param>
    /// <returns>The result.</returns>
    public PackResult ToResult(string name, RulePack pack, EngineCapacity capacity) =>
        new(name, pack.Version, pack.Directory, Outcomes, Labeled, Found, Audit, GetRuleHits(pack.RuleCount), GetRankGroups())
        {
            Clean = Clean,
            Planted = Planted,
            ForcedInspections = capacity.Forced,
            RandomInspections = capacity.Random,
            EngineCapacity = capacity.Share,
            Referrals = Referrals,
            Assessments = GetAssessments(currency => pack.CurrencyExponent(Encoding.ASCII.GetBytes(currency))),
            NotAssessed = NotAssessed,
            CleanStopped = GetCleanStopped(),
        };

    /// <summary>Gets the hits per rule on clean manifests that were held or inspected, rules that never did left out.</summary>
    /// <returns>The hits in catalog order (labels not counted).</returns>
    public IReadOnlyList<RuleHits> GetCleanStopped()
    {
        var hits = new List<RuleHits>();
        for (int r = 0; r < CleanStopped.Length; r++)
        {
            if (CleanStopped[r] > 0)
            {
                hits.Add(new RuleHits(_catalog.Ids[r], _catalog.Codes[r], CleanStopped[r], 0, 0));
            }
        }

        return hits;
    }

    /// <summary>Gets the duty and VAT assessed per currency, regime, declaration type and VAT collector, in regime order.</summary>
    /// <param name="exponent">The minor-unit digits of a currency (-1 when unknown: 2 is used).</param>
    /// <returns>The rows.</returns>
    public IReadOnlyList<AssessmentRow> GetAssessments(Func<string, int> exponent)
    {
        ArgumentNullException.ThrowIfNull(exponent);
        return [.. _assessments
            .OrderBy(a => a.Key.Regime).ThenBy(a => a.Key.Declaration).ThenBy(a => a.Key.Collector).ThenBy(a => a.Key.Currency)
            .Select(a =>
            {
                string currency = AssessmentKey.CurrencyText(a.Key.Currency);
                int digits = exponent(currency);
                AssessmentCounts c = a.Value;
                return new AssessmentRow(currency, a.Key.Regime, a.Key.Declaration, a.Key.Collector, c.Parcels, c.Owing, c.OwingDuty, c.DutyMinor, c.VatMinor, digits < 0 ? 2 : digits);
            })];
    }

    private void AddAssessment(CustomsDecision decision)
    {
        if (!decision.HasAssessment || decision.FiscalRegime == FiscalRegime.NotAssessed)
        {
            NotAssessed++;
            return;
        }

        var key = new AssessmentKey(AssessmentKey.CurrencyCode(decision.AssessmentCurrency), decision.FiscalRegime, decision.DeclarationType, decision.VatCollector);
        CollectionsMarshal.GetValueRefOrAddDefault(_assessments, key, out _).Add(decision.DutyMinor, decision.VatMinor);
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

    /// <summary>The fiscal assessments of one key: parcels, those owing something, and the amounts, minor units.</summary>
    internal struct AssessmentCounts
    {
        public long Parcels;
        public long Owing;
        public long OwingDuty;
        public long DutyMinor;
        public long VatMinor;

        public void Add(long duty, long vat)
        {
            Parcels++;
            Owing += duty > 0 || vat > 0 ? 1 : 0;
            OwingDuty += duty > 0 ? 1 : 0;
            DutyMinor += duty;
            VatMinor += vat;
        }

        public void Add(AssessmentCounts other)
        {
            Parcels += other.Parcels;
            Owing += other.Owing;
            OwingDuty += other.OwingDuty;
            DutyMinor += other.DutyMinor;
            VatMinor += other.VatMinor;
        }
    }
}
