using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.DevTools.Simulation;

namespace ParcelStream.DevTools.Tests.Simulation;

public sealed class InspectionOfficeTests
{
    private const long DecidedAt = 1_793_000_000_000;

    [Fact]
    public void InspectDay_NoCapacity_EveryInspectWithFindingCodeOrClean()
    {
        var truth = new Dictionary<string, ParcelTruth>
        {
            ["A"] = new(PlantedPattern.Undervaluation, 1_200),
            ["B"] = default,
            ["C"] = new(PlantedPattern.SellerHistory, 0),
        };
        InspectionDecision[] decisions = [Decision("A", 0.9), Decision("B", 0.8), Decision("C", 0.1, Outcome.Release)];

        IReadOnlyList<InspectionReport> results = new InspectionOffice(new OfficeOptions()).InspectDay(decisions, truth);

        Assert.Equal(["A", "B"], results.Select(r => r.ManifestId).Order(StringComparer.Ordinal));
        InspectionReport a = results.Single(r => r.ManifestId == "A");
        Assert.Equal(InspectionOutcome.Found, a.Result);
        Assert.Equal(["UNDERVALUED"], a.FindingCodes);
        InspectionReport b = results.Single(r => r.ManifestId == "B");
        Assert.Equal(InspectionOutcome.Clean, b.Result);
        Assert.Empty(b.FindingCodes);
    }

    [Fact]
    public void InspectDay_OverCapacity_RandomSelectionsThenHighestScores()
    {
        var truth = new Dictionary<string, ParcelTruth>(StringComparer.Ordinal);
        var decisions = new List<InspectionDecision>();
        for (int i = 0; i < 10; i++)
        {
            truth[$"R{i}"] = default;
            decisions.Add(Decision($"R{i}", i / 10.0));
        }

        truth["X"] = default;
        decisions.Add(Decision("X", 0.0, random: true));

        IReadOnlyList<InspectionReport> results = new InspectionOffice(new OfficeOptions { DailyCapacity = 3 }).InspectDay(decisions, truth);

        Assert.Equal(["R8", "R9", "X"], results.Select(r => r.ManifestId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InspectDay_Delay_WithinJitterSortedAndSameForSameSeed()
    {
        var truth = Enumerable.Range(0, 200).ToDictionary(i => $"M{i}", _ => default(ParcelTruth));
        InspectionDecision[] decisions = [.. truth.Keys.Select(id => Decision(id, 0.5))];
        var options = new OfficeOptions { Delay = TimeSpan.FromDays(1), Jitter = TimeSpan.FromHours(6) };

        IReadOnlyList<InspectionReport> first = new InspectionOffice(options).InspectDay(decisions, truth);
        IReadOnlyList<InspectionReport> again = new InspectionOffice(options).InspectDay(decisions.Reverse(), truth);

        Assert.All(first, r => Assert.InRange(r.InspectedAtMillis - DecidedAt, 18 * 3_600_000L, 30 * 3_600_000L));
        Assert.Equal(first.Select(r => r.InspectedAtMillis).Order(), first.Select(r => r.InspectedAtMillis));
        Assert.Equal(first.Select(r => (r.ManifestId, r.InspectedAtMillis)), again.Select(r => (r.ManifestId, r.InspectedAtMillis)));
        Assert.True(first.Select(r => r.InspectedAtMillis).Distinct().Count() > 150, "the delay is jittered");
    }

    [Fact]
    public void InspectDay_UnknownManifest_ClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new InspectionOffice(new OfficeOptions()).InspectDay([Decision("Q", 0.5)], new Dictionary<string, ParcelTruth>()));
        Assert.Contains("Q", error.Message, StringComparison.Ordinal);
    }

    private static InspectionDecision Decision(string id, double score, Outcome outcome = Outcome.Inspect, bool random = false) =>
        new(id, outcome, random, score, Referral.PhysicalExamination, DecidedAt);
}
