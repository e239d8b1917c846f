using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;
using static ParcelStream.Backtest.Reports.ReportFormat;

namespace ParcelStream.Backtest.Reports;

/// <summary>
/// Writes a replay's Markdown summary: decision mix, inspections against capacity (forced, random, rank), referrals by
/// type, decisions against the generator's ground truth, duty and VAT assessed, the comparison of two packs, expected
/// hit rates and precision with inspection results, top reasons, score distribution and per-rule hits.
/// The same result always gives the same text.
/// </summary>
public static class MarkdownReport
{
    /// <summary>The number of risk-score bins in the distribution tables and charts.</summary>
    public const int ScoreBins = 20;

    /// <summary>How many reason codes the top-reasons sections list.</summary>
    public const int TopReasons = 10;

    /// <summary>How many added or removed inspections are listed by manifest id.</summary>
    public const int ListedChanges = 10;

    /// <summary>Gets the note on what a replay without <c>--stateful</c> does not evaluate, shared by both reports.</summary>
    public static string StatelessNote =>
        "Stateless rule pack only: split shipments and duplicates are not checked (replay --stateful checks them), and the sellers' and consignors' inspection history is unknown, so the rules on it never hit.";

    /// <summary>Gets the note for a replay with the stateful stages, shared by both reports.</summary>
    public static string StatefulNote =>
        "With the split-shipment and duplicate checks (in file order); the sellers' and consignors' inspection history is unknown, so the rules on it never hit.";

    /// <summary>Gets what the reports say when every stop carries a referral of its outcome's kind.</summary>
    public static string ReferralsComplete => "every HOLD asks for information or documents, and every INSPECT names its kind.";

    /// <summary>Gets the explanation of the capacity split, shared by both reports.</summary>
    public static string CapacityNote =>
        "Forced: a rule forces INSPECT (e.g. prohibited goods, do not load); it goes through and counts against capacity whatever the rank. "
        + "Random: selected at random for compliance measurement (RANDOM_SELECTION), the unbiased baseline; it counts against capacity too. "
        + "Risk rank: the riskiest of the other parcels, within the capacity left; topped up: ranked in although below the inspect threshold (CAPACITY_TOP_UP), because too few parcels were risky.";

    /// <summary>Gets the explanation of the duty and VAT section, shared by both reports.</summary>
    public static string AssessmentNote =>
        "Revenue, not risk: what each parcel owes under its destination's low-value regime, from the pack's rates and thresholds "
        + "(rules/README.md, \"Fiscal assessment\"); it never stops a parcel. Amounts in the destination's currency. "
        + "Owing: duty or VAT above zero, whoever collects it; VAT collected at sale (IOSS, UK and AU low-value) is not due at the border.";

    /// <summary>Writes the summary to a file.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="path">The .md file (created or overwritten).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(ReplayResult result, string path) => File.WriteAllText(path, Render(result), new UTF8Encoding(false));

    /// <summary>Renders the summary.</summary>
    /// <param name="result">The replay's result.</param>
    /// <returns>The Markdown text.</returns>
    public static string Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var md = new StringBuilder();
        IReadOnlyList<PackResult> packs = result.Packs;
        md.Append("# Replay of ").Append(result.Source).Append("\n\n");
        md.Append(Count(result.Decided)).Append(" manifests decided of ").Append(Count(result.Records)).Append(" records (")
            .Append(Count(result.Undecodable)).Append(" undecodable) in ").Append(Count(result.Blocks)).Append(" blocks, ")
            .Append(Count(result.FileBytes)).Append(" bytes").Append(result.Cancelled ? "; **stopped before the end of the file**" : string.Empty).Append(".\n");
        md.Append(result.Stateful ? StatefulNote : StatelessNote).Append("\n\n");

        Table(md, ReportTables.Packs(packs));
        WriteMix(md, result);
        WriteReferrals(md, packs);
        WriteGroundTruth(md, result);
        WriteAssessments(md, packs);
        if (result.Comparison is { } comparison)
        {
            WriteComparison(md, packs, comparison);
        }

        if (result.HasInspectionResults)
        {
            WriteHitRates(md, result);
        }

        WriteTopReasons(md, packs);
        WriteScores(md, packs);
        WriteRules(md, result);
        if (result.Issues.Count > 0)
        {
            md.Append("\n## Problems in the history\n\n");
            foreach (ReplayIssue issue in result.Issues)
            {
                md.Append("- record ").Append(issue.Record).Append(" (block at offset ").Append(issue.Offset).Append("): ").Append(Cell(issue.Message)).Append('\n');
            }
        }

        return md.ToString();
    }

    private static void WriteMix(StringBuilder md, ReplayResult result)
    {
        md.Append("\n## Decision mix\n\n");
        Table(md, ReportTables.Mix(result.Packs));

        if (result.Capacity is { } capacity)
        {
            md.Append("\n## Inspections against capacity\n\n");
            md.Append("Inspection capacity: ").Append(Percent(capacity)).Append(" of parcels, ").Append(Count(ReportTables.Slots(result, capacity))).Append(" inspections for this history.\n\n");
            Table(md, ReportTables.Capacity(result, capacity));
            md.Append('\n').Append(CapacityNote).Append('\n');
            foreach (string exception in ReportTables.CapacityExceptions(result, capacity))
            {
                md.Append('\n').Append(Cell(exception)).Append('\n');
            }
        }
    }

    /// <summary>What kind of stop the decisions are, so each desk can plan its load.</summary>
    private static void WriteReferrals(StringBuilder md, IReadOnlyList<PackResult> packs)
    {
        md.Append("\n## Referrals by type\n\n");
        md.Append("What kind of stop each decision asks for (rules/README.md, \"Referrals\"): the load of each desk. Shares are of all parcels decided.\n\n");
        Table(md, ReportTables.Referrals(packs));
        md.Append('\n');
        foreach (PackResult p in packs)
        {
            md.Append(Cell(p.Name)).Append(": ").Append(ReferralGap(p) is { } gap ? "**" + gap + "**" : ReferralsComplete).Append('\n');
        }
    }

    /// <summary>Says which stops carry no referral of their outcome's kind, or null when every one does.</summary>
    internal static string? ReferralGap(PackResult p)
    {
        long hold = p.WithoutReferral(Outcome.Hold);
        long inspect = p.WithoutReferral(Outcome.Inspect);
        return hold + inspect == 0 ? null : Count(hold) + " HOLD and " + Count(inspect) + " INSPECT decisions carry no referral of their outcome's kind.";
    }

    /// <summary>The decisions against what the generator planted: clean parcels should be released, planted ones stopped.</summary>
    private static void WriteGroundTruth(StringBuilder md, ReplayResult result)
    {
        if (result.PlantedKindsGiven == 0)
        {
            return;
        }

        md.Append("\n## Against the generator's ground truth\n\n");
        md.Append("What the generator planted in each manifest (").Append(Count(result.PlantedKindsGiven))
            .Append(" manifests named in its side file; the rules never see it). Clean: nothing planted.\n\n");
        md.Append("Release rate of clean parcels: ")
            .AppendJoin(", ", result.Packs.Select(p => Cell(p.Name) + " **" + Percent(p.CleanReleaseRate) + "**")).Append(".\n\n");
        Table(md, ReportTables.GroundTruth(result.Packs));

        if (ReportTables.CleanStopped(result.Packs) is { } cleanStopped)
        {
            md.Append("\nWhy clean parcels were stopped (false alarms to review): reason codes given to clean parcels held or inspected.\n\n");
            Table(md, cleanStopped);
        }
    }

    /// <summary>Duty and VAT assessed: totals per currency, then per regime, declaration type and VAT collector.</summary>
    private static void WriteAssessments(StringBuilder md, IReadOnlyList<PackResult> packs)
    {
        md.Append("\n## Duty and VAT assessed\n\n").Append(AssessmentNote).Append("\n\n");
        if (packs.All(p => p.Assessments.Count == 0))
        {
            md.Append("No parcel was assessed (a pack without an assessment section, or no destination it assesses).\n");
            return;
        }

        Table(md, ReportTables.CurrencyTotals(packs));
        md.Append("\nBy destination regime and declaration type:\n\n");
        Table(md, ReportTables.Regimes(packs));
        md.Append('\n');
        foreach (string line in ReportTables.NotAssessed(packs))
        {
            md.Append(Cell(line)).Append('\n');
        }
    }

    private static void WriteComparison(StringBuilder md, IReadOnlyList<PackResult> packs, ComparisonResult comparison)
    {
        TransitionMatrix m = comparison.Transitions;
        md.Append("\n## What changes: ").Append(Cell(packs[0].Name)).Append(" to ").Append(Cell(packs[1].Name)).Append("\n\n");
        md.Append(Count(m.Changed)).Append(" of ").Append(Count(m.Total)).Append(" manifests (").Append(Percent(m.Changed, m.Total)).Append(") change outcome. ");
        md.Append("Inspections added: **").Append(Count(m.InspectionsAdded)).Append("**, removed: **").Append(Count(m.InspectionsRemoved))
            .Append("**, net ").Append(Signed(m.InspectionsAdded - m.InspectionsRemoved)).Append(".\n\n");
        md.Append("| ").Append(Cell(packs[0].Name)).Append(" \\ ").Append(Cell(packs[1].Name)).Append(" | RELEASE | HOLD | INSPECT | total |\n|---|---:|---:|---:|---:|\n");
        foreach (Outcome before in OutcomeSymbols.All)
        {
            md.Append("| ").Append(OutcomeSymbols.Name(before));
            foreach (Outcome after in OutcomeSymbols.All)
            {
                md.Append(" | ").Append(before == after ? Count(m[before, after]) : "**" + Count(m[before, after]) + "**");
            }

            md.Append(" | ").Append(Count(m.Before(before))).Append(" |\n");
        }

        md.Append("| total");
        foreach (Outcome after in OutcomeSymbols.All)
        {
            md.Append(" | ").Append(Count(m.After(after)));
        }

        md.Append(" | ").Append(Count(m.Total)).Append(" |\n");
        WriteChanges(md, "Inspections added (first in file order)", comparison.Added);
        WriteChanges(md, "Inspections removed (first in file order)", comparison.Removed);
    }

    private static void WriteChanges(StringBuilder md, string title, IReadOnlyList<InspectionChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        md.Append('\n').Append(title).Append(": ");
        md.AppendJoin(", ", changes.Take(ListedChanges).Select(c => "`" + c.ManifestId + "` (" + OutcomeSymbols.Name(c.Before) + " to " + OutcomeSymbols.Name(c.After) + ")"));
        md.Append(changes.Count > ListedChanges ? ", ...\n" : "\n");
    }

    private static void WriteHitRates(StringBuilder md, ReplayResult result)
    {
        md.Append("\n## Inspection results\n\n");
        md.Append(Count(result.InspectionResultsGiven)).Append(" inspection results given, ").Append(Count(result.InspectionResultsMatched))
            .Append(" of them for manifests of this history.\n\n");
        md.Append("Expected hit rate if each pack inspected the same ").Append(Percent(result.ComparisonRate)).Append(" of parcels (")
            .Append(result.ComparisonRateGiven ? "as given" : "the baseline's INSPECT share")
            .Append("), highest priority first (INSPECT, HOLD, RELEASE, then risk score; ties shared in proportion):\n\n");
        Table(md, ReportTables.HitRates(result));
    }

    private static void WriteTopReasons(StringBuilder md, IReadOnlyList<PackResult> packs)
    {
        md.Append("\n## Top reasons\n\n| reason code |");
        AppendPackColumns(md, packs, "hits");
        var codes = packs[0].ReasonCodes().Select(c => c.Code)
            .Concat(packs.Skip(1).SelectMany(p => p.ReasonCodes().Select(c => c.Code)))
            .Distinct(StringComparer.Ordinal).Take(TopReasons);
        var byPack = packs.Select(p => p.ReasonCodes().ToDictionary(c => c.Code, c => c.Hits, StringComparer.Ordinal)).ToArray();
        foreach (string code in codes)
        {
            md.Append("| ").Append(Cell(code));
            for (int i = 0; i < packs.Count; i++)
            {
                long hits = byPack[i].GetValueOrDefault(code);
                md.Append(" | ").Append(Count(hits)).Append(" (").Append(Percent(hits, packs[i].Decided)).Append(')');
            }

            md.Append(" |\n");
        }
    }

    private static void WriteScores(StringBuilder md, IReadOnlyList<PackResult> packs)
    {
        md.Append("\n## Risk-score distribution\n\n| risk score |");
        AppendPackColumns(md, packs, "manifests");
        long[][] histograms = [.. packs.Select(p => p.ScoreHistogram(ScoreBins))];
        for (int bin = 0; bin < ScoreBins; bin++)
        {
            md.Append("| ").Append(ScoreBin(bin, ScoreBins));
            foreach (long[] h in histograms)
            {
                md.Append(" | ").Append(Count(h[bin]));
            }

            md.Append(" |\n");
        }
    }

    private static void WriteRules(StringBuilder md, ReplayResult result)
    {
        md.Append("\n## Hits per rule\n\n");
        Table(md, ReportTables.Rules(result));
    }

    private static void AppendPackColumns(StringBuilder md, IReadOnlyList<PackResult> packs, string what)
    {
        foreach (PackResult p in packs)
        {
            md.Append(' ').Append(Cell(p.Name)).Append(' ').Append(what).Append(" |");
        }

        md.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", packs.Count))).Append('\n');
    }

    /// <summary>Writes a table: text columns left-aligned, figures right-aligned.</summary>
    private static void Table(StringBuilder md, TableModel table)
    {
        md.Append("| ").AppendJoin(" | ", table.Header.Select(Cell)).Append(" |\n|");
        for (int i = 0; i < table.Header.Count; i++)
        {
            md.Append(i < table.LeftColumns ? "---|" : "---:|");
        }

        md.Append('\n');
        foreach (string[] row in table.Rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Select(Cell)).Append(" |\n");
        }
    }

    /// <summary>Keeps a value from breaking the table it stands in.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
