using System.Globalization;

namespace ParcelStream.DevTools.Simulation;

/// <summary>The console table.</summary>
public sealed partial class SimulationReport
{
    private static readonly string[] s_columns = ["day", "parcels", "planted", "inspect", "cap.use", "risk hit", "random hit", "lift", "top1% lift", "top2% lift", "AUC", "recovered EUR", "compliant released"];

    private static readonly string[] s_patternColumns = ["pattern", "planted", "found", "recall"];

    /// <summary>Writes the report as plain-text tables: one row per day and the overall row, then recall per pattern.</summary>
    /// <param name="writer">Where the text goes.</param>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var rows = new List<string[]> { s_columns };
        rows.AddRange(Days.Select(d => Cells(d, d.Day!.Value.ToString(CultureInfo.InvariantCulture))));
        rows.Add(Cells(Overall, $"after {Options.WarmUpDays}"));
        WriteTable(writer, rows, separatorBefore: rows.Count - 1);
        writer.WriteLine();
        var patterns = new List<string[]> { s_patternColumns };
        patterns.AddRange(Overall.Patterns.Select(p => new[] { p.Pattern.ToString(), Count(p.Planted), Count(p.Found), Percent(p.Recall) }));
        writer.WriteLine($"Recall per planted pattern, after the {Options.WarmUpDays}-day warm-up:");
        WriteTable(writer, patterns, separatorBefore: -1);
    }

    private static string[] Cells(PeriodMetrics m, string day) =>
    [
        day, Count(m.Parcels), Percent(m.BaseRate), Percent(m.InspectShare), Number(m.CapacityUse, "0.00"), Percent(m.RiskHitRate),
        Percent(m.RandomHitRate), Number(m.Lift, "0.0"), Number(m.TopOnePercentLift, "0.0"), Number(m.TopTwoPercentLift, "0.0"),
        Number(m.Auc, "0.000"), Number(m.RevenueRecoveredCents / 100.0, "#,0"), Percent(m.CompliantReleaseRate),
    ];

    private static void WriteTable(TextWriter writer, List<string[]> rows, int separatorBefore)
    {
        int[] widths = new int[rows[0].Length];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (int r = 0; r < rows.Count; r++)
        {
            if (r == 1 || r == separatorBefore)
            {
                writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }

            writer.WriteLine(string.Join("  ", rows[r].Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }
    }

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double x) => double.IsFinite(x) ? (x * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "-";

    private static string Number(double x, string format) => double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "-";
}
