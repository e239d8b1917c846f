using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Reports;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Tests;

public sealed class ReportTests(SampleReplay sample) : IClassFixture<SampleReplay>
{
    [Theory]
    [InlineData("<script")]
    [InlineData("<link")]
    [InlineData("<iframe")]
    [InlineData("<img")]
    [InlineData("src=")]
    [InlineData("href=")]
    [InlineData("url(")]
    [InlineData("@import")]
    [InlineData("http:")]
    [InlineData("https:")]
    public void HtmlReport_Render_SelfContained(string forbidden) =>
        Assert.DoesNotContain(forbidden, HtmlReport.Render(sample.Result), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void HtmlReport_Render_HasEveryChartAndSection()
    {
        string html = HtmlReport.Render(sample.Result);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        Assert.Equal(6, html.Split("<svg ").Length - 1); // mix, rate against capacity, referrals, hit rates, reasons, scores
        Assert.Equal(html.Split("<svg ").Length, html.Split("</svg>").Length);
        foreach (string section in new[] { "Decision mix", "Inspection rate against capacity", "Referrals by type", "Duty and VAT assessed", "What changes", "Inspection results", "Top reasons", "Risk-score distribution", "Hits per rule" })
        {
            Assert.Contains("<h2>" + section, html, StringComparison.Ordinal);
        }

        Assert.Contains(sample.Result.Comparison!.Added[0].ManifestId, html, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlReport_Render_EscapesNames()
    {
        PackResult p = sample.Result.Packs[0];
        var hostile = new PackResult("<b>x</b>&", p.Version, "dir\"<script>", [p.Count(Outcome.Release), p.Count(Outcome.Hold), p.Count(Outcome.Inspect)], [0, 0, 0], [0, 0, 0], p.Audit, p.Rules, p.Groups);
        var result = new ReplayResult { Source = "<i>.avro", Packs = [hostile] };
        string html = HtmlReport.Render(result);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;&amp;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownReport_Render_HasTheFiguresOfTheResult()
    {
        string md = MarkdownReport.Render(sample.Result);
        TransitionMatrix m = sample.Result.Comparison!.Transitions;
        Assert.Contains("Inspections added: **" + m.InspectionsAdded.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "**", md, StringComparison.Ordinal);
        Assert.Contains("| default | 10,000 |", md, StringComparison.Ordinal);
        Assert.Contains("Inspection capacity: 7.00 % of parcels, 700 inspections", md, StringComparison.Ordinal);
        Assert.Contains(MarkdownReport.StatelessNote, md, StringComparison.Ordinal);
        foreach (string rule in sample.Result.Packs[0].Rules.Select(r => r.RuleId))
        {
            Assert.Contains("| " + rule + " |", md, StringComparison.Ordinal);
        }
    }
}
