using System.Text.Json;

namespace ParcelStream.IntegrationTests;

/// <summary>
/// <c>parcelstream simulate</c> as a user runs it: a small world through the real worker on the embedded cluster, with
/// inspection results fed back and the model retrained inside the loop.
/// </summary>
public sealed class SimulateTests
{
    [Fact]
    public void Simulate_SmallWorldWithLearning_LiftAboveThreeAndLaterDaysFindMore()
    {
        string output = Path.Combine(Path.GetTempPath(), "ps-simulate-" + Guid.NewGuid().ToString("N"));
        try
        {
            using HostProcess simulate = HostProcess.Start("simulate", "--days", "7", "--parcels-per-day", "6000", "--warm-up", "3", "--trees", "60", "--seed", "5", "--out", output);
            Assert.True(simulate.WaitForExit(TimeSpan.FromSeconds(300)), "simulate did not finish");
            Assert.True(simulate.ExitCode == 0, $"exit {simulate.ExitCode}: {simulate.StandardError}\n{string.Join('\n', simulate.StandardOutput)}");

            using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "report.json")));
            JsonElement overall = report.RootElement.GetProperty("overall");
            JsonElement[] days = [.. report.RootElement.GetProperty("days").EnumerateArray()];
            string summary = string.Join('\n', simulate.StandardOutput);

            // Models were trained in the loop and decided the later days.
            Assert.Contains("decides from day 4", summary, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, "days", "risk-model.json")), summary);
            Assert.Contains(simulate.StandardOutput, l => l.Contains("trained on days 1-3", StringComparison.Ordinal));
            Assert.Equal(7, days.Length);

            // After the warm-up, risk-selected inspections find more than 3 times what random ones find (the top 2 %
            // by score against the base rate too: random selections are few in a world this small), within capacity.
            double topTwo = overall.GetProperty("topTwoPercentLift").GetDouble();
            double riskHitRate = Rate(overall.GetProperty("risk"));
            double baseRate = overall.GetProperty("baseRate").GetDouble();
            Assert.True(topTwo > 3, $"top 2 % lift {topTwo}");
            Assert.True(riskHitRate > 3 * baseRate, $"risk hit rate {riskHitRate} against base rate {baseRate}");
            // Within a quarter of capacity: a world this small gives each partition's and destination's estimator a few
            // hundred parcels a day, and each new model restarts them (the default world's 20 days stay within 5 %).
            Assert.InRange(overall.GetProperty("capacityUse").GetDouble(), 0.85, 1.25);
            Assert.True(overall.GetProperty("compliantReleaseRate").GetDouble() >= 0.97, summary);

            // The later days, decided by models trained on more results, find more per inspection than the first day.
            double first = Rate(days[0].GetProperty("risk"));
            double last = days[^3..].Average(d => Rate(d.GetProperty("risk")));
            Assert.True(last > first + 0.1, $"risk hit rate {first:P1} on day 1, {last:P1} over the last 3 days");
            Assert.True(File.Exists(Path.Combine(output, "report.html")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static double Rate(JsonElement counts) =>
        counts.GetProperty("inspected").GetInt64() is var n and > 0 ? counts.GetProperty("found").GetInt64() / (double)n : 0;
}
