using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;
using static ParcelStream.Backtest.Reports.ReportFormat;
using static ParcelStream.Backtest.Reports.SvgCharts;

namespace ParcelStream.Backtest.Reports;

/// <summary>
/// Writes a replay's report (the sections of <see cref="MarkdownReport"/>, with charts) as one self-contained HTML file: inline CSS and SVG charts, no script and nothing fetched
/// from anywhere, so it can be mailed or archived as is. The same result always gives the same bytes.
/// </summary>
public static class HtmlReport
{
    private static readonly string[] s_outcomeColors = ["#2e7d32", "#f9a825", "#c62828"];
    private static readonly string[] s_packColors = ["#1f77b4", "#ff7f0e"];

    /// <summary>Writes the report to a file.</summary>
    /// <param name="result">The replay's result.</param>
    /// <param name="path">The .html file (created or overwritten).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(ReplayResult result, string path) => File.WriteAllText(path, Render(result), new UTF8Encoding(false));

    /// <summary>Renders the report.</summary>
    /// <param name="result">The replay's result.</param>
    /// <returns>The HTML document.</returns>
    public static string Render(ReplayResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<PackResult> packs = result.Packs;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Replay of ").Append(Escape(result.Source)).Append("</title>\n<style>\n")
            .Append("body{font-family:sans-serif;margin:2em auto;max-width:64em;color:#222}table{border-collapse:collapse;margin:.5em 0 1em}")
            .Append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("td.l{text-align:left}.note{color:#555}code{font-size:.9em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}\n")
            .Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Replay of ").Append(Escape(result.Source)).Append("</h1>\n<p>").Append(Count(result.Decided)).Append(" manifests decided of ")
            .Append(Count(result.Records)).Append(" records (").Append(Count(result.Undecodable)).Append(" undecodable) in ").Append(Count(result.Blocks))
            .Append(" blocks, ").Append(Count(result.FileBytes)).Append(" bytes").Append(result.Cancelled ? "; <strong>stopped before the end of the file</strong>" : string.Empty)
            .Append(".</p>\n<p class=\"note\">").Append(Escape(result.Stateful ? MarkdownReport.StatefulNote : MarkdownReport.StatelessNote)).Append("</p>\n");
        Table(html, ReportTables.Packs(packs));
        WriteMix(html, result);
        WriteReferrals(html, packs);
        WriteGroundTruth(html, result);
        WriteAssessments(html, packs);
        if (result.Comparison is { } comparison)
        {
            WriteComparison(html, packs, comparison);
        }

        if (result.HasInspectionResults)
        {
            WriteHitRates(html, result);
        }

        WriteReasons(html, packs);
        WriteScores(html, packs);
        WriteRules(html, result);
        if (result.Issues.Count > 0)
        {
            html.Append("<h2>Problems in the history</h2>\n<ul>");
            foreach (ReplayIssue issue in result.Issues)
            {
                html.Append("<li>record ").Append(issue.Record).Append(" (block at offset ").Append(issue.Offset).Append("): ").Append(Escape(issue.Message)).Append("</li>");
            }

            html.Append("</ul>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void WriteMix(StringBuilder html, ReplayResult result)
    {
        IReadOnlyList<PackResult> packs = result.Packs;
        html.Append("<h2>Decision mix</h2>\n");
        html.Append(StackedShares(
            [.. packs.Select(p => p.Name)],
            [.. OutcomeSymbols.All.Select(o => new Series(OutcomeSymbols.Name(o), s_outcomeColors[(int)o], [.. packs.Select(p => (double)p.Count(o))]))]));
        html.Append('\n');
        Table(html, ReportTables.Mix(packs));
        html.Append("<h2>Inspection rate").Append(result.Capacity is null ? string.Empty : " against capacity").Append("</h2>\n");
        if (result.Capacity is { } capacity)
        {
            long slots = ReportTables.Slots(result, capacity);
            html.Append("<p>Capacity: ").Append(Percent(capacity)).Append(" of parcels, ").Append(Count(slots)).Append(" inspections for this history. ");
            html.AppendJoin(" ", packs.Select(p => Escape(p.Name) + ": " + Count(p.Count(Outcome.Inspect)) + " inspections, "
                + (p.Count(Outcome.Inspect) > slots ? "<strong>over by " + Count(p.Count(Outcome.Inspect) - slots) + "</strong>." : "within capacity.")));
            html.Append("</p>\n");
            Table(html, ReportTables.Capacity(result, capacity));
            html.Append("<p class=\"note\">").Append(Escape(MarkdownReport.CapacityNote));
            foreach (string exception in ReportTables.CapacityExceptions(result, capacity))
            {
                html.Append(' ').Append(Escape(exception));
            }

            html.Append("</p>\n");
        }

        IReadOnlyList<TimelinePoint> timeline = result.Timeline;
        html.Append("<p class=\"note\">Share of parcels inspected in each fiftieth of the history (file order).</p>\n");
        html.Append(Lines(
            [.. packs.Select((p, i) => new Series(p.Name, s_packColors[i], [.. timeline.Select(t => t.InspectionRate(i))]))],
            result.Capacity,
            "capacity",
            timeline.Count == 0 ? string.Empty : Time(timeline[0].FromMillis),
            timeline.Count == 0 ? string.Empty : Time(timeline[^1].ToMillis)));
        html.Append('\n');
    }

    private static void WriteReferrals(StringBuilder html, IReadOnlyList<PackResult> packs)
    {
        html.Append("<h2>Referrals by type</h2>\n<p class=\"note\">What kind of stop each decision asks for (rules/README.md, \"Referrals\"): the load of each desk. Shares are of all parcels decided.</p>\n");
        string[] rows = [.. ReferralSymbols.Stops.Select(ReferralSymbols.Name), "post-clearance audit"];
        html.Append(HorizontalBars(
            rows,
            [.. packs.Select((p, i) => new Series(p.Name, s_packColors[i], [.. ReferralSymbols.Stops.Select(r => (double)p.Referred(ReferralSchema.OutcomeOf(r), r)), p.Audit]))],
            v => Count((long)v)));
        html.Append('\n');
        Table(html, ReportTables.Referrals(packs));
        html.Append("<p>");
        foreach (PackResult p in packs)
        {
            html.Append(Escape(p.Name)).Append(": ").Append(MarkdownReport.ReferralGap(p) is { } gap ? "<strong>" + gap + "</strong>" : MarkdownReport.ReferralsComplete).Append(' ');
        }

        html.Append("</p>\n");
    }

    private static void WriteGroundTruth(StringBuilder html, ReplayResult result)
    {
        IReadOnlyList<PackResult> packs = result.Packs;
        if (result.PlantedKindsGiven == 0)
        {
            return;
        }

        html.Append("<h2>Against the generator's ground truth</h2>\n<p class=\"note\">What the generator planted in each manifest (the rules never see it). Clean: nothing planted.</p>\n");
        Table(html, ReportTables.GroundTruth(packs));
        html.Append("<p>Release rate of clean parcels: ").AppendJoin(", ", packs.Select(p => Escape(p.Name) + " <strong>" + Percent(p.CleanReleaseRate) + "</strong>")).Append(".</p>\n");
        if (ReportTables.CleanStopped(packs) is { } cleanStopped)
        {
            html.Append("<p class=\"note\">Why clean parcels were stopped (false alarms to review): reason codes given to clean parcels held or inspected.</p>\n");
            Table(html, cleanStopped);
        }
    }

    private static void WriteAssessments(StringBuilder html, IReadOnlyList<PackResult> packs)
    {
        html.Append("<h2>Duty and VAT assessed</h2>\n<p class=\"note\">").Append(Escape(MarkdownReport.AssessmentNote)).Append("</p>\n");
        if (packs.All(p => p.Assessments.Count == 0))
        {
            html.Append("<p>No parcel was assessed (a pack without an assessment section, or no destination it assesses).</p>\n");
            return;
        }

        Table(html, ReportTables.CurrencyTotals(packs));
        html.Append("<p>By destination regime and declaration type:</p>\n");
        Table(html, ReportTables.Regimes(packs));
        html.Append("<p>").AppendJoin(" ", ReportTables.NotAssessed(packs).Select(Escape)).Append("</p>\n");
    }

    private static void WriteComparison(StringBuilder html, IReadOnlyList<PackResult> packs, ComparisonResult comparison)
    {
        TransitionMatrix m = comparison.Transitions;
        html.Append("<h2>What changes: ").Append(Escape(packs[0].Name)).Append(" to ").Append(Escape(packs[1].Name)).Append("</h2>\n<p>")
            .Append(Count(m.Changed)).Append(" of ").Append(Count(m.Total)).Append(" manifests (").Append(Percent(m.Changed, m.Total)).Append(") change outcome. Inspections added: <strong>")
            .Append(Count(m.InspectionsAdded)).Append("</strong>, removed: <strong>").Append(Count(m.InspectionsRemoved)).Append("</strong>, net ")
            .Append(Signed(m.InspectionsAdded - m.InspectionsRemoved)).Append(".</p>\n");
        long max = Math.Max(1, OutcomeSymbols.All.SelectMany(b => OutcomeSymbols.All.Where(a => a != b).Select(a => m[b, a])).DefaultIfEmpty(0).Max());
        html.Append("<table><tr><th>").Append(Escape(packs[0].Name)).Append(" \\ ").Append(Escape(packs[1].Name)).Append("</th>");
        foreach (Outcome after in OutcomeSymbols.All)
        {
            html.Append("<th>").Append(OutcomeSymbols.Name(after)).Append("</th>");
        }

        html.Append("<th>total</th></tr>");
        foreach (Outcome before in OutcomeSymbols.All)
        {
            html.Append("<tr><th>").Append(OutcomeSymbols.Name(before)).Append("</th>");
            foreach (Outcome after in OutcomeSymbols.All)
            {
                // Shade the changes by size; the unchanged diagonal stays plain.
                double shade = before == after ? 0 : 0.1 + (0.6 * m[before, after] / max);
                html.Append("<td style=\"background:rgba(198,40,40,").Append(Coordinate(shade)).Append(")\">").Append(Count(m[before, after])).Append("</td>");
            }

            html.Append("<td>").Append(Count(m.Before(before))).Append("</td></tr>");
        }

        html.Append("<tr><th>total</th>");
        foreach (Outcome after in OutcomeSymbols.All)
        {
            html.Append("<td>").Append(Count(m.After(after))).Append("</td>");
        }

        html.Append("<td>").Append(Count(m.Total)).Append("</td></tr></table>\n");
        WriteChanges(html, "Inspections added", comparison.Added);
        WriteChanges(html, "Inspections removed", comparison.Removed);
    }

    private static void WriteChanges(StringBuilder html, string title, IReadOnlyList<InspectionChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        html.Append("<p>").Append(title).Append(" (first in file order): ");
        html.AppendJoin(", ", changes.Take(MarkdownReport.ListedChanges).Select(c => "<code>" + Escape(c.ManifestId) + "</code> (" + OutcomeSymbols.Name(c.Before) + " to " + OutcomeSymbols.Name(c.After) + ")"));
        html.Append(changes.Count > MarkdownReport.ListedChanges ? ", ...</p>\n" : "</p>\n");
    }

    private static void WriteHitRates(StringBuilder html, ReplayResult result)
    {
        IReadOnlyList<PackResult> packs = result.Packs;
        ExpectedHitRate[] rates = [.. packs.Select(p => p.HitRateAt(result.ComparisonRate))];
        html.Append("<h2>Inspection results</h2>\n<p>").Append(Count(result.InspectionResultsGiven)).Append(" inspection results given, ")
            .Append(Count(result.InspectionResultsMatched)).Append(" of them for manifests of this history. Expected hit rate if each pack inspected the same ")
            .Append(Percent(result.ComparisonRate)).Append(" of parcels (").Append(result.ComparisonRateGiven ? "as given" : "the baseline's INSPECT share")
            .Append("), highest priority first (INSPECT, HOLD, RELEASE, then risk score; ties shared in proportion).</p>\n");
        html.Append(HorizontalBars(
            ["expected hit rate", "precision of INSPECT"],
            [.. packs.Select((p, i) => new Series(p.Name, s_packColors[i], [Zero(rates[i].HitRate), Zero(p.Precision(Outcome.Inspect))]))],
            Percent));
        html.Append('\n');
        Table(html, ReportTables.HitRates(result));
    }

    private static void WriteReasons(StringBuilder html, IReadOnlyList<PackResult> packs)
    {
        string[] codes = [.. packs.SelectMany(p => p.ReasonCodes().Select(c => c.Code)).Distinct(StringComparer.Ordinal).Take(MarkdownReport.TopReasons)];
        var byPack = packs.Select(p => p.ReasonCodes().ToDictionary(c => c.Code, c => c.Hits, StringComparer.Ordinal)).ToArray();
        html.Append("<h2>Top reasons</h2>\n");
        html.Append(HorizontalBars(codes, [.. packs.Select((p, i) => new Series(p.Name, s_packColors[i], [.. codes.Select(c => (double)byPack[i].GetValueOrDefault(c))]))], v => Count((long)v)));
        html.Append('\n');
    }

    private static void WriteScores(StringBuilder html, IReadOnlyList<PackResult> packs)
    {
        int bins = MarkdownReport.ScoreBins;
        html.Append("<h2>Risk-score distribution</h2>\n<p class=\"note\">Manifests per risk-score bin, logarithmic scale.</p>\n");
        html.Append(LogColumns(
            [.. Enumerable.Range(0, bins).Select(b => ScoreBin(b, bins))],
            [.. packs.Select((p, i) => new Series(p.Name, s_packColors[i], [.. p.ScoreHistogram(bins).Select(c => (double)c)]))]));
        html.Append('\n');
    }

    private static void WriteRules(StringBuilder html, ReplayResult result)
    {
        html.Append("<h2>Hits per rule</h2>\n");
        Table(html, ReportTables.Rules(result));
    }

    /// <summary>Writes a table: the first column and the other text columns left-aligned, figures right-aligned.</summary>
    private static void Table(StringBuilder html, TableModel table)
    {
        html.Append("<table><tr>");
        foreach (string heading in table.Header)
        {
            html.Append("<th>").Append(Escape(heading)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (string[] row in table.Rows)
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Length; i++)
            {
                html.Append(i > 0 && i < table.LeftColumns ? "<td class=\"l\">" : "<td>").Append(Escape(row[i])).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>\n");
    }

    private static double Zero(double value) => double.IsNaN(value) ? 0 : value;
}
