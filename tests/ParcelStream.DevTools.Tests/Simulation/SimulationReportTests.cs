using System.Text.Json;
using ParcelStream.Codec.Decisions;
using ParcelStream.DevTools.Simulation;

namespace ParcelStream.DevTools.Tests.Simulation;

public sealed class SimulationReportTests
{
    [Fact]
    public void Compute_RiskAndRandomInspections_HitRatesAndLift()
    {
        var rows = new List<ReportRow>();
        // Day 1: 10 risk selections (5 found), 20 random selections (2 found), 70 releases.
        for (int i = 0; i < 10; i++)
        {
            rows.Add(Row(1, i, i < 5 ? PlantedPattern.Misdescription : PlantedPattern.None, 0.9, Outcome.Inspect, SelectedBy.Risk, inspected: true));
        }

        for (int i = 10; i < 30; i++)
        {
            rows.Add(Row(1, i, i < 12 ? PlantedPattern.NoSignal : PlantedPattern.None, 0.1, Outcome.Inspect, SelectedBy.Random, inspected: true));
        }

        for (int i = 30; i < 100; i++)
        {
            rows.Add(Row(1, i, PlantedPattern.None, 0.1, Outcome.Release, SelectedBy.None, inspected: false));
        }

        PeriodMetrics overall = SimulationReport.Compute(rows, new ReportOptions { WarmUpDays = 0, CapacityShare = 0.2 }).Overall;

        Assert.Equal(0.5, overall.RiskHitRate, 12);
        Assert.Equal(0.1, overall.RandomHitRate, 12);
        Assert.Equal(5.0, overall.Lift, 12);
        Assert.Equal(0.30, overall.InspectShare, 12);
        Assert.Equal(1.5, overall.CapacityUse, 12);
        Assert.Equal(70.0 / 93.0, overall.CompliantReleaseRate, 12);
    }

    [Fact]
    public void Compute_WarmUp_LeavesTheFirstDaysOutOfOverallButNotOutOfDays()
    {
        ReportRow[] rows =
        [
            Row(0, 0, PlantedPattern.Undervaluation, 0.1, Outcome.Release, SelectedBy.None, inspected: false, revenue: 500),
            Row(1, 1, PlantedPattern.Undervaluation, 0.9, Outcome.Inspect, SelectedBy.Risk, inspected: true, revenue: 300),
            Row(1, 2, PlantedPattern.Undervaluation, 0.2, Outcome.Release, SelectedBy.None, inspected: false, revenue: 200),
            Row(1, 3, PlantedPattern.None, 0.3, Outcome.Inspect, SelectedBy.Risk, inspected: false),
        ];

        SimulationReport report = SimulationReport.Compute(rows, new ReportOptions { WarmUpDays = 1 });

        Assert.Equal(2, report.Days.Count);
        Assert.Equal(3, report.Overall.Parcels);
        Assert.Equal(500, report.Overall.RevenueAtStakeCents);
        Assert.Equal(300, report.Overall.RevenueRecoveredCents);
        PatternRecall undervaluation = Assert.Single(report.Overall.Patterns, p => p.Pattern == PlantedPattern.Undervaluation);
        Assert.Equal((2L, 1L), (undervaluation.Planted, undervaluation.Found));
        Assert.Equal(0.5, undervaluation.Recall, 12);
        Assert.True(double.IsNaN(report.Overall.Patterns.Single(p => p.Pattern == PlantedPattern.NoSignal).Recall));
    }

    [Fact]
    public void Compute_PerPatternRecall_FoundOverPlanted()
    {
        var rows = new List<ReportRow>();
        PlantedPattern[] patterns = [.. Enum.GetValues<PlantedPattern>().Where(p => p != PlantedPattern.None)];
        for (int p = 0; p < patterns.Length; p++)
        {
            // Pattern number p is planted in 10 parcels, of which p are found.
            for (int i = 0; i < 10; i++)
            {
                rows.Add(Row(0, (p * 10) + i, patterns[p], 0.5, i < p ? Outcome.Inspect : Outcome.Release, i < p ? SelectedBy.Risk : SelectedBy.None, inspected: i < p));
            }
        }

        PeriodMetrics overall = SimulationReport.Compute(rows, new ReportOptions { WarmUpDays = 0 }).Overall;

        for (int p = 0; p < patterns.Length; p++)
        {
            PatternRecall recall = overall.Patterns.Single(r => r.Pattern == patterns[p]);
            Assert.Equal(p / 10.0, recall.Recall, 12);
        }
    }

    [Fact]
    public void Outputs_SmallReport_JsonFieldsHtmlChartAndTextTable()
    {
        ReportRow[] rows =
        [
            Row(0, 0, PlantedPattern.SellerHistory, 0.9, Outcome.Inspect, SelectedBy.Risk, inspected: true),
            Row(0, 1, PlantedPattern.None, 0.1, Outcome.Inspect, SelectedBy.Random, inspected: true),
            Row(1, 2, PlantedPattern.None, 0.2, Outcome.Release, SelectedBy.None, inspected: false),
        ];
        SimulationReport report = SimulationReport.Compute(rows, new ReportOptions { WarmUpDays = 1 });

        using var json = new MemoryStream();
        report.WriteJson(json);
        using JsonDocument doc = JsonDocument.Parse(json.ToArray());
        JsonElement day0 = doc.RootElement.GetProperty("days")[0];
        Assert.Equal(1.0, day0.GetProperty("risk").GetProperty("hitRate").GetDouble());
        Assert.Equal(0.0, day0.GetProperty("random").GetProperty("hitRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, day0.GetProperty("lift").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("overall").GetProperty("day").ValueKind);
        Assert.Equal(6, doc.RootElement.GetProperty("overall").GetProperty("patterns").GetArrayLength());

        var html = new StringWriter();
        report.WriteHtml(html);
        Assert.Contains("<svg", html.ToString(), StringComparison.Ordinal);
        Assert.Contains("<polyline class=\"risk\"", html.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http", html.ToString().Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var text = new StringWriter();
        report.WriteText(text);
        Assert.Contains("SellerHistory", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("after 1", text.ToString(), StringComparison.Ordinal);
    }

    private static ReportRow Row(int day, int id, PlantedPattern pattern, double score, Outcome outcome, SelectedBy by, bool inspected, long revenue = 0) =>
        new(day, $"M{id}", pattern, revenue, score, outcome, by, inspected, inspected && pattern != PlantedPattern.None);
}
