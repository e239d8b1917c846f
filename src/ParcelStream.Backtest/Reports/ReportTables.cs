using System.Globalization;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;
using static ParcelStream.Backtest.Reports.ReportFormat;

namespace ParcelStream.Backtest.Reports;

/// <summary>
/// The tables both reports show (packs, decision mix, capacity, referrals, ground truth, duty and VAT, hit rates, hits
/// per rule), filled once as text so that the Markdown and the HTML report always give the same figures; each writer
/// only renders them (and draws its charts).
/// </summary>
internal static class ReportTables
{
    /// <summary>The packs replayed: name, version and where their rules come from.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table.</returns>
    public static TableModel Packs(IReadOnlyList<PackResult> packs) => new(
        ["pack", "version", "rules from"],
        3,
        [.. packs.Select(p => (string[])[p.Name, p.Version, p.Directory])]);

    /// <summary>The decision mix per pack: RELEASE, HOLD and INSPECT with their shares, and releases flagged for audit.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table.</returns>
    public static TableModel Mix(IReadOnlyList<PackResult> packs) => new(
        ["pack", "manifests", .. OutcomeSymbols.All.Select(OutcomeSymbols.Name), "post-clearance audit"],
        1,
        [.. packs.Select(p => (string[])
        [
            p.Name, Count(p.Decided), .. OutcomeSymbols.All.Select(o => Count(p.Count(o)) + " (" + Percent(p.Share(o)) + ")"), Count(p.Audit),
        ])]);

    /// <summary>The decisions against what the generator planted: clean parcels by outcome, planted ones stopped.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table.</returns>
    public static TableModel GroundTruth(IReadOnlyList<PackResult> packs) => new(
        ["pack", "clean manifests", .. OutcomeSymbols.All.Select(o => "clean " + OutcomeSymbols.Name(o)), "planted manifests", "planted stopped (HOLD or INSPECT)"],
        1,
        [.. packs.Select(p =>
        {
            long clean = p.Clean.Sum();
            long planted = p.Planted.Sum();
            long stopped = p.Planted[(int)Outcome.Hold] + p.Planted[(int)Outcome.Inspect];
            return (string[])
            [
                p.Name, Count(clean), .. OutcomeSymbols.All.Select(o => CountAndShare(p.Clean[(int)o], clean)), Count(planted), CountAndShare(stopped, planted),
            ];
        })]);

    /// <summary>Expected hit rates at the comparison rate, and the precision of INSPECT, per pack.</summary>
    /// <param name="result">The replay's result (with inspection results).</param>
    /// <returns>The table.</returns>
    public static TableModel HitRates(ReplayResult result) => new(
        ["pack", "inspected", "of them with a result", "found", "expected hit rate", "INSPECT decisions with a result", "found", "precision"],
        1,
        [.. result.Packs.Select(p =>
        {
            ExpectedHitRate h = p.HitRateAt(result.ComparisonRate);
            return (string[])
            [
                p.Name, Count(h.Selected), Count(h.Labeled), Count(h.Found), Percent(h.HitRate),
                Count(p.Labeled(Outcome.Inspect)), Count(p.Found(Outcome.Inspect)), Percent(p.Precision(Outcome.Inspect)),
            ];
        })]);

    /// <summary>Hits per rule and pack, the change between two packs, and each rule's precision when results are known.</summary>
    /// <param name="result">The replay's result.</param>
    /// <returns>The table.</returns>
    public static TableModel Rules(ReplayResult result)
    {
        IReadOnlyList<PackResult> packs = result.Packs;
        bool change = packs.Count == 2;
        bool precision = result.HasInspectionResults;
        var header = new List<string> { "rule", "code" };
        header.AddRange(packs.Select(p => p.Name + " hits"));
        if (change)
        {
            header.Add("change");
        }

        if (precision)
        {
            header.AddRange(packs.Select(p => p.Name + " precision"));
        }

        var rows = new List<string[]>();
        foreach (RuleRow row in RuleRow.Join(packs))
        {
            var cells = new List<string> { row.RuleId, row.Code };
            cells.AddRange(Enumerable.Range(0, packs.Count).Select(i => row.PerPack[i] is null ? "-" : Count(row.Hits(i))));
            if (change)
            {
                cells.Add(Signed(row.Hits(1) - row.Hits(0)));
            }

            if (precision)
            {
                cells.AddRange(row.PerPack.Select(hits => hits is null ? "-" : Percent(hits.Precision) + " of " + Count(hits.Labeled)));
            }

            rows.Add([.. cells]);
        }

        return new TableModel(header, 2, rows);
    }

    /// <summary>INSPECT against capacity per pack, split by what selected it.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="capacity">The capacity share the report compares with.</param>
    /// <returns>The table.</returns>
    public static TableModel Capacity(ReplayResult result, double capacity)
    {
        long slots = Slots(result, capacity);
        var rows = new List<string[]>();
        for (int i = 0; i < result.Packs.Count; i++)
        {
            PackResult p = result.Packs[i];
            long inspect = p.Count(Outcome.Inspect);
            double peak = result.Timeline.Count == 0 ? 0 : result.Timeline.Max(t => t.InspectionRate(i));
            bool split = p.EngineCapacity is not null;
            rows.Add(
            [
                p.Name,
                Count(inspect),
                Percent(p.InspectionRate),
                capacity > 0 ? (p.InspectionRate / capacity).ToString("0.00", CultureInfo.InvariantCulture) : "-",
                split ? CountAndShare(p.ForcedInspections, p.Decided) : "n/a",
                split ? CountAndShare(p.RandomInspections, p.Decided) : "n/a",
                split ? CountAndShare(p.RankInspections, p.Decided) : "n/a",
                split ? Count(p.TopUps) : "n/a",
                inspect > slots ? "over by " + Count(inspect - slots) : "within (" + Count(slots - inspect) + " spare)",
                Percent(peak),
            ]);
        }

        return new TableModel(
            ["pack", "INSPECT", "share of parcels", "INSPECT / capacity", "forced by rules", "random selection", "risk rank", "of which topped up", "against capacity", "busiest stretch"],
            1,
            rows);
    }

    /// <summary>Gets the inspections a capacity allows for the history.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="capacity">The capacity share.</param>
    /// <returns>The number of inspections.</returns>
    public static long Slots(ReplayResult result, double capacity) => (long)Math.Floor(capacity * result.Decided);

    /// <summary>Notes on the packs whose engine did not select to the report's capacity.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="capacity">The capacity share the report compares with.</param>
    /// <returns>One sentence per such pack.</returns>
    public static IEnumerable<string> CapacityExceptions(ReplayResult result, double capacity)
    {
        foreach (PackResult p in result.Packs)
        {
            if (p.EngineCapacity is not { } engine)
            {
                yield return p.Name + " ran without capacity matching: its inspect threshold decided, so its INSPECTs are not split.";
            }
            else if (engine != capacity)
            {
                yield return p.Name + "'s engine selected to a capacity of " + Percent(engine) + ".";
            }
        }
    }

    /// <summary>Stops by referral and releases flagged for audit, per pack, as counts and shares of all parcels.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table.</returns>
    public static TableModel Referrals(IReadOnlyList<PackResult> packs)
    {
        var rows = new List<string[]>();
        foreach (Referral r in ReferralSymbols.Stops)
        {
            Outcome outcome = ReferralSchema.OutcomeOf(r);
            rows.Add([ReferralSymbols.Name(r), OutcomeSymbols.Name(outcome), ReferralSymbols.Work(r), .. packs.Select(p => CountAndShare(p.Referred(outcome, r), p.Decided))]);
        }

        rows.Add(["post-clearance audit", "RELEASE", "released now, audited afterwards (ASYCUDA blue)", .. packs.Select(p => CountAndShare(p.Audit, p.Decided))]);
        return new TableModel(["referral", "outcome", "what is done", .. packs.Select(p => p.Name + " parcels")], 3, rows);
    }

    /// <summary>The reason codes given to clean parcels that were held or inspected, most first.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table, or null when no clean parcel was stopped.</returns>
    public static TableModel? CleanStopped(IReadOnlyList<PackResult> packs)
    {
        if (packs.All(p => p.CleanStopped.Count == 0))
        {
            return null;
        }

        var byPack = packs.Select(p => p.CleanStoppedCodes().ToDictionary(c => c.Code, c => c.Hits, StringComparer.Ordinal)).ToArray();
        string[] codes = [.. packs.SelectMany(p => p.CleanStoppedCodes().Select(c => c.Code)).Distinct(StringComparer.Ordinal).Take(MarkdownReport.TopReasons)];
        return new TableModel(
            ["reason code", .. packs.Select(p => p.Name + " hits")],
            1,
            [.. codes.Select(code => (string[])[code, .. byPack.Select(hits => Count(hits.GetValueOrDefault(code)))])]);
    }

    /// <summary>Duty and VAT per pack and currency.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table.</returns>
    public static TableModel CurrencyTotals(IReadOnlyList<PackResult> packs) => new(
        ["pack", "currency", "parcels assessed", "owing duty or VAT", "owing duty", "duty", "VAT", "VAT collected at sale", "VAT due at import or delivery"],
        2,
        [.. packs.SelectMany(p => p.AssessmentTotals().Select(t => (string[])
        [
            p.Name, t.Currency, Count(t.Parcels), CountAndShare(t.Owing, t.Parcels), CountAndShare(t.OwingDuty, t.Parcels),
            Amount(t.DutyMinor, t.Exponent), Amount(t.VatMinor, t.Exponent), Amount(t.VatAtSaleMinor, t.Exponent), Amount(t.VatAtImportMinor, t.Exponent),
        ]))]);

    /// <summary>Duty and VAT per pack, regime, declaration type and VAT collector.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>The table.</returns>
    public static TableModel Regimes(IReadOnlyList<PackResult> packs) => new(
        ["pack", "regime", "declaration", "VAT collected by", "parcels", "owing duty or VAT", "duty", "VAT"],
        4,
        [.. packs.SelectMany(p => p.Assessments.Select(a => (string[])
        [
            p.Name, AssessmentSymbols.Regime(a.Regime), AssessmentSymbols.Declaration(a.Declaration), AssessmentSymbols.Collector(a.Collector),
            Count(a.Parcels), Count(a.Owing), Money(a.Currency, a.DutyMinor, a.Exponent), Money(a.Currency, a.VatMinor, a.Exponent),
        ]))]);

    /// <summary>Per pack, how many decisions were not assessed.</summary>
    /// <param name="packs">The packs.</param>
    /// <returns>One sentence per pack.</returns>
    public static IEnumerable<string> NotAssessed(IReadOnlyList<PackResult> packs) =>
        packs.Select(p => p.Name + ": " + Count(p.NotAssessed) + (p.NotAssessed == 1 ? " parcel" : " parcels")
            + " not assessed (destination outside the EU, GB, US, CA and AU, or a currency without a rate).");

    /// <summary>Formats a count with its share of a whole: 12 (0.06 %).</summary>
    /// <param name="part">The count.</param>
    /// <param name="whole">The whole.</param>
    /// <returns>The text.</returns>
    public static string CountAndShare(long part, long whole) => Count(part) + " (" + Percent(part, whole) + ")";
}
