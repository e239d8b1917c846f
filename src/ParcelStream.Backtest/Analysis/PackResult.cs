using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>What one pack decided over the whole history.</summary>
public sealed class PackResult
{
    private readonly long[] _outcomes;
    private readonly long[] _labeled;
    private readonly long[] _found;

    /// <summary>Initializes a result.</summary>
    /// <param name="name">The pack's name in reports.</param>
    /// <param name="version">The pack's version (pack.yaml).</param>
    /// <param name="directory">Where the pack was loaded from.</param>
    /// <param name="outcomes">Manifests per outcome (RELEASE, HOLD, INSPECT).</param>
    /// <param name="labeled">Manifests with a known inspection result, per outcome.</param>
    /// <param name="found">Of those, manifests where something was found, per outcome.</param>
    /// <param name="audit">Releases flagged for post-clearance audit.</param>
    /// <param name="rules">Hits per rule, in evaluation order, the engine's own reasons last.</param>
    /// <param name="groups">Manifests by outcome and score, highest inspection priority first.</param>
    public PackResult(string name, string version, string directory, long[] outcomes, long[] labeled, long[] found, long audit, IReadOnlyList<RuleHits> rules, IReadOnlyList<RankGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(found);
        if (outcomes.Length != OutcomeSymbols.Count || labeled.Length != OutcomeSymbols.Count || found.Length != OutcomeSymbols.Count)
        {
            throw new ArgumentException($"Outcome counts come in threes ({string.Join(", ", OutcomeSymbols.All)}).", nameof(outcomes));
        }

        Name = name;
        Version = version;
        Directory = directory;
        _outcomes = [.. outcomes];
        _labeled = [.. labeled];
        _found = [.. found];
        Audit = audit;
        Rules = rules;
        Groups = groups;
    }

    /// <summary>Gets the pack's name in reports.</summary>
    public string Name { get; }

    /// <summary>Gets the manifests the generator planted nothing in, per outcome (all zero without ground truth).</summary>
    public IReadOnlyList<long> Clean { get; init; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the manifests the generator planted a flaw or risk in, per outcome.</summary>
    public IReadOnlyList<long> Planted { get; init; } = new long[OutcomeSymbols.Count];

    /// <summary>Gets the INSPECTs a rule (or escalation) forced whatever the capacity.</summary>
    public long ForcedInspections { get; init; }

    /// <summary>Gets the inspection capacity share the engine worked to, or null when capacity was off.</summary>
    public double? EngineCapacity { get; init; }

    /// <summary>Gets the INSPECTs random selection alone made (parcels no rule or rank would have inspected); 0 when capacity was off.</summary>
    public long RandomInspections { get; init; }

    /// <summary>Gets the INSPECTs the risk rank selected within capacity (neither forced nor random); 0 when capacity was off.</summary>
    public long RankInspections => EngineCapacity is null ? 0 : Math.Max(0, Count(Outcome.Inspect) - ForcedInspections - RandomInspections);

    /// <summary>Gets the rank selections below the inspect threshold, topped up to fill capacity (reason CAPACITY_TOP_UP).</summary>
    public long TopUps => Rules.Where(r => r.RuleId == "engine.capacity-top-up").Sum(r => r.Hits);

    /// <summary>Gets the decisions per outcome and referral: index outcome x <see cref="ReferralSchema.Count"/> + referral (all zero when not counted).</summary>
    public IReadOnlyList<long> Referrals { get; init; } = new long[OutcomeSymbols.Count * ReferralSchema.Count];

    /// <summary>Gets the duty and VAT assessed per currency, regime, declaration type and VAT collector, in regime order.</summary>
    public IReadOnlyList<AssessmentRow> Assessments { get; init; } = [];

    /// <summary>Gets the number of decisions without a fiscal assessment (destination outside the assessed zones, currency without a rate, or a pack without assessment data).</summary>
    public long NotAssessed { get; init; }

    /// <summary>Gets the hits per rule on clean manifests (nothing planted) that were held or inspected: the false alarms to review.</summary>
    public IReadOnlyList<RuleHits> CleanStopped { get; init; } = [];

    /// <summary>Gets the share of clean manifests released, NaN without ground truth.</summary>
    public double CleanReleaseRate => Clean.Sum() == 0 ? double.NaN : (double)Clean[(int)Outcome.Release] / Clean.Sum();

    /// <summary>Gets the pack's version.</summary>
    public string Version { get; }

    /// <summary>Gets the directory the pack was loaded from.</summary>
    public string Directory { get; }

    /// <summary>Gets the number of manifests decided.</summary>
    public long Decided => _outcomes.Sum();

    /// <summary>Gets the releases flagged for post-clearance audit.</summary>
    public long Audit { get; }

    /// <summary>Gets the hits per rule.</summary>
    public IReadOnlyList<RuleHits> Rules { get; }

    /// <summary>Gets the manifests by outcome and score, highest inspection priority first.</summary>
    public IReadOnlyList<RankGroup> Groups { get; }

    /// <summary>Gets the share of manifests inspected.</summary>
    public double InspectionRate => Share(Outcome.Inspect);

    /// <summary>Gets the number of manifests with an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Count(Outcome outcome) => _outcomes[(int)outcome];

    /// <summary>Gets the share of manifests with an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>0..1; 0 when nothing was decided.</returns>
    public double Share(Outcome outcome) => Decided == 0 ? 0 : (double)Count(outcome) / Decided;

    /// <summary>Gets the number of manifests with an outcome whose inspection result is known.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Labeled(Outcome outcome) => _labeled[(int)outcome];

    /// <summary>Gets the number of labeled manifests with an outcome where something was found.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The count.</returns>
    public long Found(Outcome outcome) => _found[(int)outcome];

    /// <summary>Gets the share of labeled manifests with an outcome where something was found (for INSPECT, the pack's precision).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>0..1, or NaN when none is labeled.</returns>
    public double Precision(Outcome outcome) => Labeled(outcome) == 0 ? double.NaN : (double)Found(outcome) / Labeled(outcome);

    /// <summary>Gets the pack's expected hit rate if it inspected <paramref name="rate"/> of the manifests, highest priority first.</summary>
    /// <param name="rate">The inspection rate, 0..1.</param>
    /// <returns>The expectation.</returns>
    public ExpectedHitRate HitRateAt(double rate) => ExpectedHitRate.At(Groups, rate);

    /// <summary>Gets the number of decisions with an outcome and a referral.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="referral">The referral.</param>
    /// <returns>The count.</returns>
    public long Referred(Outcome outcome, Referral referral) => Referrals[((int)outcome * ReferralSchema.Count) + (int)referral];

    /// <summary>Gets the number of stops (HOLD or INSPECT) with a referral, or, for <see cref="Referral.None"/>, of releases.</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>The count.</returns>
    public long Referred(Referral referral) => OutcomeSymbols.All.Sum(o => Referred(o, referral));

    /// <summary>Gets the HOLD and INSPECT decisions whose referral is not one of their outcome's (HOLD: information or documents; INSPECT: the other four).</summary>
    /// <param name="outcome">HOLD or INSPECT.</param>
    /// <returns>The count.</returns>
    public long WithoutReferral(Outcome outcome) =>
        Enumerable.Range(0, ReferralSchema.Count).Where(r => ReferralSchema.OutcomeOf((Referral)r) != outcome).Sum(r => Referred(outcome, (Referral)r));

    /// <summary>Gets the duty and VAT assessed per currency, in the order the currencies first appear in <see cref="Assessments"/>.</summary>
    /// <returns>The totals.</returns>
    public IReadOnlyList<CurrencyTotal> AssessmentTotals() =>
        [.. Assessments.GroupBy(a => a.Currency, StringComparer.Ordinal).Select(g => new CurrencyTotal(
            g.Key,
            g.Sum(a => a.Parcels),
            g.Sum(a => a.Owing),
            g.Sum(a => a.OwingDuty),
            g.Sum(a => a.DutyMinor),
            g.Sum(a => a.VatMinor),
            g.Where(a => a.Collector == VatCollector.SellerAtSale).Sum(a => a.VatMinor),
            g.Where(a => a.VatAtImport).Sum(a => a.VatMinor),
            g.First().Exponent))];

    /// <summary>Gets the reason codes that stopped clean manifests, most first (ties by code).</summary>
    /// <returns>Code and clean manifests stopped with it.</returns>
    public IReadOnlyList<(string Code, long Hits)> CleanStoppedCodes() =>
        [.. CleanStopped.GroupBy(r => r.Code, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Hits: g.Sum(r => r.Hits)))
            .OrderByDescending(c => c.Hits).ThenBy(c => c.Code, StringComparer.Ordinal)];

    /// <summary>Gets the reason codes by hits, most first (ties by code).</summary>
    /// <returns>Code and hits.</returns>
    public IReadOnlyList<(string Code, long Hits)> ReasonCodes() =>
        [.. Rules.Where(r => r.Hits > 0).GroupBy(r => r.Code, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Hits: g.Sum(r => r.Hits)))
            .OrderByDescending(c => c.Hits).ThenBy(c => c.Code, StringComparer.Ordinal)];

    /// <summary>Counts the manifests per risk-score bin: bin i holds scores in [i/bins, (i+1)/bins), the last also 1.</summary>
    /// <param name="bins">Number of bins.</param>
    /// <returns>The counts.</returns>
    public long[] ScoreHistogram(int bins)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        long[] counts = new long[bins];
        foreach (RankGroup g in Groups)
        {
            int bin = double.IsNaN(g.Score) ? 0 : (int)Math.Clamp(Math.Floor(g.Score * bins), 0, bins - 1);
            counts[bin] += g.Count;
        }

        return counts;
    }
}
