using System.Globalization;
using System.Net;
using System.Text;

namespace ParcelStream.DevTools.Simulation;

/// <summary>The self-contained HTML page: an inline SVG chart of the hit rates over days and the tables (no script, no external file).</summary>
public sealed partial class SimulationReport
{
    private const int ChartWidth = 760;
    private const int ChartHeight = 320;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 20;
    private const int Bottom = 40;

    /// <summary>Writes the report as one HTML page.</summary>
    /// <param name="writer">Where the HTML goes.</param>
    /// <param name="title">The page title.</param>
    public void WriteHtml(TextWriter writer, string title = "ParcelStream targeting simulation")
    {
        ArgumentNullException.ThrowIfNull(writer);
        string t = WebUtility.HtmlEncode(title);
        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine($"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>");
        writer.WriteLine("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}.risk{stroke:#c0392b}.random{stroke:#2471a3}</style></head><body>");
        writer.WriteLine($"<h1>{t}</h1>");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"<p>Hit rate of risk-selected inspections and of random selections per simulated day; the overall figures leave out the first {Options.WarmUpDays} days (warm-up). Capacity {Options.CapacityShare * 100:0.##} % of parcels.</p>"));
        writer.WriteLine(Chart());
        writer.WriteLine("<h2>Per day and overall</h2>");
        writer.WriteLine(HtmlTable([s_columns, .. Days.Select(d => Cells(d, d.Day!.Value.ToString(CultureInfo.InvariantCulture))), Cells(Overall, $"after {Options.WarmUpDays}")]));
        writer.WriteLine("<h2>Recall per planted pattern (after the warm-up)</h2>");
        writer.WriteLine(HtmlTable([s_patternColumns, .. Overall.Patterns.Select(p => new[] { p.Pattern.ToString(), Count(p.Planted), Count(p.Found), Percent(p.Recall) })]));
        writer.WriteLine("</body></html>");
    }

    private string Chart()
    {
        var svg = new StringBuilder();
        double max = 0.05;
        foreach (PeriodMetrics d in Days)
        {
            max = Math.Max(max, Finite(d.RiskHitRate));
            max = Math.Max(max, Finite(d.RandomHitRate));
        }

        max = Math.Ceiling(max * 10) / 10;
        int first = Days.Count > 0 ? Days[0].Day!.Value : 0;
        int last = Days.Count > 0 ? Days[^1].Day!.Value : 1;
        double plotWidth = ChartWidth - Left - Right;
        double plotHeight = ChartHeight - Top - Bottom;
        double X(int day) => Left + (last == first ? plotWidth / 2 : (day - first) * plotWidth / (last - first));
        double Y(double rate) => Top + plotHeight - (rate / max * plotHeight);
        IFormatProvider c = CultureInfo.InvariantCulture;
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" role=\"img\" aria-label=\"hit rates over days\">");
        for (int i = 0; i <= 5; i++)
        {
            double rate = max * i / 5;
            svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Y(rate):0.#}\" x2=\"{ChartWidth - Right}\" y2=\"{Y(rate):0.#}\" stroke=\"#eee\"/>");
            svg.Append(c, $"<text x=\"{Left - 6}\" y=\"{Y(rate) + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{rate * 100:0.#} %</text>");
        }

        foreach (PeriodMetrics d in Days)
        {
            svg.Append(c, $"<text x=\"{X(d.Day!.Value):0.#}\" y=\"{ChartHeight - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{d.Day}</text>");
        }

        svg.Append(c, $"<text x=\"{Left + (plotWidth / 2):0.#}\" y=\"{ChartHeight - 6}\" font-size=\"12\" text-anchor=\"middle\">simulated day</text>");
        if (Options.WarmUpDays > 0 && first + Options.WarmUpDays <= last)
        {
            double x = X(first + Options.WarmUpDays) - (plotWidth / Math.Max(1, last - first) / 2);
            svg.Append(c, $"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Top + plotHeight}\" stroke=\"#999\" stroke-dasharray=\"4 4\"/><text x=\"{x + 4:0.#}\" y=\"{Top + 12}\" font-size=\"11\">end of warm-up</text>");
        }

        Series(svg, "risk", Days.Select(d => (d.Day!.Value, d.RiskHitRate)), X, Y);
        Series(svg, "random", Days.Select(d => (d.Day!.Value, d.RandomHitRate)), X, Y);
        svg.Append(c, $"<line x1=\"{Left + 10}\" y1=\"{Top + 24}\" x2=\"{Left + 34}\" y2=\"{Top + 24}\" class=\"risk\" stroke-width=\"2\"/><text x=\"{Left + 40}\" y=\"{Top + 28}\" font-size=\"12\">risk-selected hit rate</text>");
        svg.Append(c, $"<line x1=\"{Left + 10}\" y1=\"{Top + 42}\" x2=\"{Left + 34}\" y2=\"{Top + 42}\" class=\"random\" stroke-width=\"2\"/><text x=\"{Left + 40}\" y=\"{Top + 46}\" font-size=\"12\">random-selection hit rate</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Series(StringBuilder svg, string css, IEnumerable<(int Day, double Rate)> points, Func<int, double> x, Func<double, double> y)
    {
        IFormatProvider c = CultureInfo.InvariantCulture;
        (int Day, double Rate)[] known = [.. points.Where(p => double.IsFinite(p.Rate))];
        svg.Append(c, $"<polyline class=\"{css}\" fill=\"none\" stroke-width=\"2\" points=\"{string.Join(' ', known.Select(p => string.Create(c, $"{x(p.Day):0.#},{y(p.Rate):0.#}")))}\"/>");
        foreach ((int day, double rate) in known)
        {
            svg.Append(c, $"<circle cx=\"{x(day):0.#}\" cy=\"{y(rate):0.#}\" r=\"3\" fill=\"{(css == "risk" ? "#c0392b" : "#2471a3")}\"><title>day {day}: {rate * 100:0.00} %</title></circle>");
        }
    }

    private static string HtmlTable(IEnumerable<string[]> rows)
    {
        var html = new StringBuilder("<table>");
        bool header = true;
        foreach (string[] row in rows)
        {
            string cell = header ? "th" : "td";
            html.Append("<tr>");
            foreach (string value in row)
            {
                html.Append('<').Append(cell).Append('>').Append(WebUtility.HtmlEncode(value)).Append("</").Append(cell).Append('>');
            }

            html.Append("</tr>");
            header = false;
        }

        return html.Append("</table>").ToString();
    }

    private static double Finite(double x) => double.IsFinite(x) ? x : 0;
}
