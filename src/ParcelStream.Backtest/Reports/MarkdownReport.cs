using System.Globalization;
using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;
using static ParcelStream.Backtest.Reports.ReportFormat;

namespace ParcelStream.Backtest.Reports;

/// <summary>
/// Writes a replay's Markdown summary: decision mix, inspection rate against capacity, the comparison of two packs,
/// expected hit rates and precision with inspection results, top reasons, score distribution and per-rule hits.
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

    /// <summary>Gets the note on what replay does not yet evaluate, shared by both reports.</summary>
    public static string StatelessNote =>
        "Stateless rule pack only: the stateful stages (split shipments, duplicates, inspection feedback) do not exist yet and are not replayed.";

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
        md.Append(StatelessNote).Append("\n\n");

        md.Append("| pack | version | rules from |\n|---|---|---|\n");
        foreach (PackResult p in packs)
        {
            md.Append("| ").Append(Cell(p.Name)).Append(" | ").Append(Cell(p.Version)).Append(" | ").Append(Cell(p.Directory)).Append(" |\n");
        }

        WriteMix(md, result);
        WriteGroundTruth(md, result);
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
        md.Append("\n## Decision mix\n\n| pack | manifests | RELEASE | HOLD | INSPECT | post-clearance audit |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (PackResult p in result.Packs)
        {
            md.Append("| ").Append(Cell(p.Name)).Append(" | ").Append(Count(p.Decided));
            foreach (Outcome o in OutcomeSymbols.All)
            {
                md.Append(" | ").Append(Count(p.Count(o))).Append(" (").Append(Percent(p.Share(o))).Append(')');
            }

            md.Append(" | ").Append(Count(p.Audit)).Append(" |\n");
        }

        if (result.Capacity is { } capacity)
        {
            long slots = (long)Math.Floor(capacity * result.Decided);
            md.Append("\nInspection capacity: ").Append(Percent(capacity)).Append(" of parcels, ").Append(Count(slots)).Append(" inspections for this history.\n\n");
            md.Append("| pack | inspections | inspection rate | INSPECT / capacity | forced by rules | against capacity | busiest stretch |\n|---|---:|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < result.Packs.Count; i++)
            {
                PackResult p = result.Packs[i];
                long inspect = p.Count(Outcome.Inspect);
                double peak = result.Timeline.Count == 0 ? 0 : result.Timeline.Max(t => t.InspectionRate(i));
                string verdict = inspect > slots ? "over by " + Count(inspect - slots) : "within (" + Count(slots - inspect) + " spare)";
                md.Append("| ").Append(Cell(p.Name)).Append(" | ").Append(Count(inspect)).Append(" | ").Append(Percent(p.InspectionRate))
                    .Append(" | ").Append(capacity > 0 ? (p.InspectionRate / capacity).ToString("0.00", CultureInfo.InvariantCulture) : "-")
                    .Append(" | ").Append(Count(p.ForcedInspections)).Append(" (").Append(Percent(p.ForcedInspections, p.Decided)).Append(')')
                    .Append(" | ").Append(verdict).Append(" | ").Append(Percent(peak)).Append(" |\n");
            }
        }
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
        md.Append("| pack | clean manifests | clean RELEASE | clean HOLD | clean INSPECT | planted manifests | planted stopped (HOLD or INSPECT) |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (PackResult p in result.Packs)
        {
            long clean = p.Clean.Sum();
            long planted = p.Planted.Sum();
            md.Append("| ").Append(Cell(p.Name)).Append(" | ").Append(Count(clean));
            foreach (Outcome o in OutcomeSymbols.All)
            {
                md.Append(" | ").Append(Count(p.Clean[(int)o])).Append(" (").Append(Percent(p.Clean[(int)o], clean)).Append(')');
            }

            long stopped = p.Planted[(int)Outcome.Hold] + p.Planted[(int)Outcome.Inspect];
            md.Append(" | ").Append(Count(planted)).Append(" | ").Append(Count(stopped)).Append(" (").Append(Percent(stopped, planted)).Append(") |\n");
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
        md.Append("| pack | inspected | of them with a result | found | expected hit rate | INSPECT decisions with a result | found | precision |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (PackResult p in result.Packs)
        {
            ExpectedHitRate h = p.HitRateAt(result.ComparisonRate);
            md.Append("| ").Append(Cell(p.Name)).Append(" | ").Append(Count(h.Selected)).Append(" | ").Append(Count(h.Labeled)).Append(" | ")
                .Append(Count(h.Found)).Append(" | ").Append(Percent(h.HitRate)).Append(" | ").Append(Count(p.Labeled(Outcome.Inspect)))
                .Append(" | ").Append(Count(p.Found(Outcome.Inspect))).Append(" | ").Append(Percent(p.Precision(Outcome.Inspect))).Append(" |\n");
        }
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
        IReadOnlyList<PackResult> packs = result.Packs;
        md.Append("\n## Hits per rule\n\n| rule | code |");
        AppendPackColumns(md, packs, "hits", trailer: false);
        if (packs.Count == 2)
        {
            md.Append(" change |");
        }

        if (result.HasInspectionResults)
        {
            foreach (PackResult p in packs)
            {
                md.Append(' ').Append(Cell(p.Name)).Append(" precision |");
            }
        }

        int columns = 2 + packs.Count + (packs.Count == 2 ? 1 : 0) + (result.HasInspectionResults ? packs.Count : 0);
        md.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---:|", columns - 2))).Append('\n');
        foreach (RuleRow row in RuleRow.Join(packs))
        {
            md.Append("| ").Append(Cell(row.RuleId)).Append(" | ").Append(Cell(row.Code));
            for (int i = 0; i < packs.Count; i++)
            {
                md.Append(" | ").Append(row.PerPack[i] is null ? "-" : Count(row.Hits(i)));
            }

            if (packs.Count == 2)
            {
                md.Append(" | ").Append(Signed(row.Hits(1) - row.Hits(0)));
            }

            if (result.HasInspectionResults)
            {
                foreach (RuleHits? hits in row.PerPack)
                {
                    md.Append(" | ").Append(hits is null ? "-" : Percent(hits.Precision) + " of " + Count(hits.Labeled));
                }
            }

            md.Append(" |\n");
        }
    }

    private static void AppendPackColumns(StringBuilder md, IReadOnlyList<PackResult> packs, string what, bool trailer = true)
    {
        foreach (PackResult p in packs)
        {
            md.Append(' ').Append(Cell(p.Name)).Append(' ').Append(what).Append(" |");
        }

        if (trailer)
        {
            md.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", packs.Count))).Append('\n');
        }
    }

    /// <summary>Keeps a value from breaking the table it stands in.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
