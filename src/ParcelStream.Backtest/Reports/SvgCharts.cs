using System.Net;
using System.Text;
using static ParcelStream.Backtest.Reports.ReportFormat;

namespace ParcelStream.Backtest.Reports;

/// <summary>Small inline SVG charts for the HTML report: no script, no external resource, the same data gives the same markup.</summary>
internal static class SvgCharts
{
    private const int Width = 760;
    private const int LabelWidth = 230;
    private const int RowHeight = 16;
    private const int Gap = 8;
    private const string Font = "font-family=\"sans-serif\" font-size=\"11\"";

    /// <summary>One series of values (a pack, an outcome) with its colour.</summary>
    /// <param name="Name">Legend text.</param>
    /// <param name="Color">CSS colour.</param>
    /// <param name="Values">One value per category.</param>
    public sealed record Series(string Name, string Color, IReadOnlyList<double> Values);

    /// <summary>Horizontal bars split into coloured segments, one bar per row, each 100 % wide (shares).</summary>
    /// <param name="rows">Row labels.</param>
    /// <param name="segments">The segments: values per row, in row order.</param>
    /// <returns>The SVG element.</returns>
    public static string StackedShares(IReadOnlyList<string> rows, IReadOnlyList<Series> segments)
    {
        int barArea = Width - LabelWidth - 10;
        int height = (rows.Count * (RowHeight + Gap)) + 24;
        var svg = Open(height, "Shares per row");
        for (int r = 0; r < rows.Count; r++)
        {
            double total = segments.Sum(s => s.Values[r]);
            double y = (r * (RowHeight + Gap)) + 4;
            Text(svg, LabelWidth - 6, y + 12, rows[r], "end");
            double x = LabelWidth;
            foreach (Series s in segments)
            {
                double w = total > 0 ? barArea * s.Values[r] / total : 0;
                Rect(svg, x, y, w, RowHeight, s.Color, $"{s.Name}: {Percent(total > 0 ? s.Values[r] / total : 0)}");
                x += w;
            }
        }

        Legend(svg, LabelWidth, height - 8, segments);
        return Close(svg);
    }

    /// <summary>Horizontal grouped bars: one group per category, one bar per series, value printed after each bar.</summary>
    /// <param name="categories">Category labels.</param>
    /// <param name="series">The series.</param>
    /// <param name="format">Formats a value for its label.</param>
    /// <returns>The SVG element.</returns>
    public static string HorizontalBars(IReadOnlyList<string> categories, IReadOnlyList<Series> series, Func<double, string> format)
    {
        int barArea = Width - LabelWidth - 90;
        double max = Math.Max(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max(), 1e-12);
        int groupHeight = (series.Count * (RowHeight - 4)) + Gap;
        int height = (categories.Count * groupHeight) + 24;
        var svg = Open(height, "Bars per category");
        for (int c = 0; c < categories.Count; c++)
        {
            double y = (c * groupHeight) + 4;
            Text(svg, LabelWidth - 6, y + (series.Count * (RowHeight - 4) / 2.0) + 4, categories[c], "end");
            for (int s = 0; s < series.Count; s++)
            {
                double v = series[s].Values[c];
                double w = barArea * v / max;
                double by = y + (s * (RowHeight - 4));
                Rect(svg, LabelWidth, by, w, RowHeight - 5, series[s].Color, $"{series[s].Name}: {format(v)}");
                Text(svg, LabelWidth + w + 4, by + 9, format(v), "start");
            }
        }

        Legend(svg, LabelWidth, height - 8, series);
        return Close(svg);
    }

    /// <summary>Vertical grouped bars on a logarithmic scale (counts spanning several orders of magnitude), e.g. a histogram.</summary>
    /// <param name="categories">Category labels (shown every few bars).</param>
    /// <param name="series">The series.</param>
    /// <returns>The SVG element.</returns>
    public static string LogColumns(IReadOnlyList<string> categories, IReadOnlyList<Series> series)
    {
        const int Plot = 180;
        const int Left = 50;
        double max = Math.Log10(1 + Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max()));
        double slot = (double)(Width - Left - 10) / Math.Max(1, categories.Count);
        double bar = Math.Max(1, (slot - 2) / Math.Max(1, series.Count));
        int height = Plot + 50;
        var svg = Open(height, "Columns, logarithmic scale");
        for (int decade = 0; decade <= (int)Math.Floor(max); decade++)
        {
            double y = 10 + Plot - (Plot * Math.Log10(1 + Math.Pow(10, decade)) / max);
            svg.Append("<line x1=\"").Append(Left).Append("\" x2=\"").Append(Width - 10).Append("\" y1=\"").Append(Coordinate(y)).Append("\" y2=\"")
                .Append(Coordinate(y)).Append("\" stroke=\"#ddd\"/>");
            Text(svg, Left - 4, y + 4, Count((long)Math.Pow(10, decade)), "end");
        }

        for (int c = 0; c < categories.Count; c++)
        {
            double x = Left + (c * slot) + 1;
            for (int s = 0; s < series.Count; s++)
            {
                double v = series[s].Values[c];
                double h = Plot * Math.Log10(1 + v) / max;
                Rect(svg, x + (s * bar), 10 + Plot - h, bar - 0.5, h, series[s].Color, $"{series[s].Name}, {categories[c]}: {Count((long)v)}");
            }

            if (c % 4 == 0)
            {
                Text(svg, x, Plot + 24, categories[c], "start");
            }
        }

        Legend(svg, Left, height - 8, series);
        return Close(svg);
    }

    /// <summary>Lines over the stretches of the history, with an optional dashed horizontal limit (e.g. capacity).</summary>
    /// <param name="series">One value per stretch per series.</param>
    /// <param name="limit">The limit, or null.</param>
    /// <param name="limitName">The limit's legend text.</param>
    /// <param name="firstLabel">Label under the first stretch.</param>
    /// <param name="lastLabel">Label under the last stretch.</param>
    /// <returns>The SVG element.</returns>
    public static string Lines(IReadOnlyList<Series> series, double? limit, string limitName, string firstLabel, string lastLabel)
    {
        const int Plot = 180;
        const int Left = 60;
        int points = series.Count == 0 ? 0 : series[0].Values.Count;
        double max = Math.Max(series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max(), limit ?? 0) * 1.15;
        max = max > 0 ? max : 1;
        double step = points > 1 ? (double)(Width - Left - 20) / (points - 1) : 0;
        int height = Plot + 50;
        var svg = Open(height, "Lines over the history");
        for (int t = 0; t <= 4; t++)
        {
            double y = 10 + Plot - (Plot * t / 4.0);
            svg.Append("<line x1=\"").Append(Left).Append("\" x2=\"").Append(Width - 20).Append("\" y1=\"").Append(Coordinate(y)).Append("\" y2=\"")
                .Append(Coordinate(y)).Append("\" stroke=\"#ddd\"/>");
            Text(svg, Left - 4, y + 4, Percent(max * t / 4.0), "end");
        }

        foreach (Series s in series)
        {
            svg.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(s.Color).Append("\" points=\"");
            for (int i = 0; i < points; i++)
            {
                svg.Append(Coordinate(Left + (i * step))).Append(',').Append(Coordinate(10 + Plot - (Plot * s.Values[i] / max))).Append(' ');
            }

            svg.Append("\"><title>").Append(Escape(s.Name)).Append("</title></polyline>");
        }

        var legend = series.ToList();
        if (limit is { } l)
        {
            double y = 10 + Plot - (Plot * l / max);
            svg.Append("<line x1=\"").Append(Left).Append("\" x2=\"").Append(Width - 20).Append("\" y1=\"").Append(Coordinate(y)).Append("\" y2=\"")
                .Append(Coordinate(y)).Append("\" stroke=\"#000\" stroke-dasharray=\"6 4\"><title>").Append(Escape(limitName)).Append("</title></line>");
            legend.Add(new Series(limitName, "#000", []));
        }

        Text(svg, Left, Plot + 24, firstLabel, "start");
        Text(svg, Width - 20, Plot + 24, lastLabel, "end");
        Legend(svg, Left, height - 8, legend);
        return Close(svg);
    }

    /// <summary>Escapes text for HTML and SVG.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static StringBuilder Open(int height, string label)
    {
        var svg = new StringBuilder();
        svg.Append("<svg role=\"img\" aria-label=\"").Append(Escape(label)).Append("\" width=\"").Append(Width)
            .Append("\" height=\"").Append(height).Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height).Append("\">");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Rect(StringBuilder svg, double x, double y, double w, double h, string color, string title) =>
        svg.Append("<rect x=\"").Append(Coordinate(x)).Append("\" y=\"").Append(Coordinate(y)).Append("\" width=\"").Append(Coordinate(Math.Max(0, w)))
            .Append("\" height=\"").Append(Coordinate(Math.Max(0, h))).Append("\" fill=\"").Append(color).Append("\"><title>").Append(Escape(title)).Append("</title></rect>");

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor) =>
        svg.Append("<text x=\"").Append(Coordinate(x)).Append("\" y=\"").Append(Coordinate(y)).Append("\" text-anchor=\"").Append(anchor).Append("\" ")
            .Append(Font).Append('>').Append(Escape(text)).Append("</text>");

    private static void Legend(StringBuilder svg, double x, double y, IReadOnlyList<Series> series)
    {
        foreach (Series s in series)
        {
            Rect(svg, x, y - 9, 10, 10, s.Color, s.Name);
            Text(svg, x + 14, y, s.Name, "start");
            x += 24 + (s.Name.Length * 6.5);
        }
    }
}
