using System.Text.Json;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Tests;

/// <summary>
/// The comparison of the default and the stricter pack on the sample history, checked against figures worked out
/// independently from the two decision files the same replay wrote and from the inspection results file.
/// </summary>
public sealed class ComparisonReplayTests(SampleReplay sample) : IClassFixture<SampleReplay>
{
    private static readonly string[] s_outcomes = ["RELEASE", "HOLD", "INSPECT"];

    private static List<(string Id, Outcome Outcome)> ReadOutcomes(string path) =>
        [.. File.ReadLines(path).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            return (root.GetProperty("manifestId").GetString()!, (Outcome)Array.IndexOf(s_outcomes, root.GetProperty("outcome").GetString()));
        })];

    [Fact]
    public void Run_Compare_TransitionMatrixMatchesTheTwoDecisionFiles()
    {
        List<(string Id, Outcome Outcome)> a = ReadOutcomes(sample.BaselineJson);
        List<(string Id, Outcome Outcome)> b = ReadOutcomes(sample.CandidateJson);
        Assert.Equal(10_000, a.Count);
        Assert.Equal(a.Select(x => x.Id), b.Select(x => x.Id));
        TransitionMatrix m = sample.Result.Comparison!.Transitions;
        foreach (Outcome before in OutcomeSymbols.All)
        {
            foreach (Outcome after in OutcomeSymbols.All)
            {
                Assert.Equal(a.Zip(b).Count(p => p.First.Outcome == before && p.Second.Outcome == after), m[before, after]);
            }
        }

        // The stricter thresholds must change something, or the sample shows nothing.
        Assert.True(m.InspectionsAdded > 0);
    }

    [Fact]
    public void Run_Compare_AddedAndRemovedListTheFirstChangesInFileOrder()
    {
        List<(string Id, Outcome Outcome)> a = ReadOutcomes(sample.BaselineJson);
        List<(string Id, Outcome Outcome)> b = ReadOutcomes(sample.CandidateJson);
        var added = a.Zip(b).Where(p => p.First.Outcome != Outcome.Inspect && p.Second.Outcome == Outcome.Inspect).Select(p => p.First.Id).ToList();
        var removed = a.Zip(b).Where(p => p.First.Outcome == Outcome.Inspect && p.Second.Outcome != Outcome.Inspect).Select(p => p.First.Id).ToList();
        ComparisonResult comparison = sample.Result.Comparison!;
        Assert.Equal(added.Take(comparison.Added.Count), comparison.Added.Select(c => c.ManifestId));
        Assert.Equal(removed.Take(comparison.Removed.Count), comparison.Removed.Select(c => c.ManifestId));
        Assert.Equal(Math.Min(added.Count, 50), comparison.Added.Count);
        Assert.All(comparison.Added, c => Assert.Equal(Outcome.Inspect, c.After));
    }

    [Fact]
    public void Run_WithInspections_PrecisionAndHitRateMatchTheDecisionFiles()
    {
        ReplayResult result = sample.Result;
        Assert.Equal(sample.Inspections.Count, result.InspectionResultsGiven);
        string[] files = [sample.BaselineJson, sample.CandidateJson];
        for (int p = 0; p < 2; p++)
        {
            List<(string Id, Outcome Outcome)> decisions = ReadOutcomes(files[p]);
            var inspected = decisions.Where(d => d.Outcome == Outcome.Inspect).Select(d => sample.Inspections.Lookup(d.Id)).Where(r => r != InspectionResult.Unknown).ToList();
            PackResult pack = result.Packs[p];
            Assert.Equal(inspected.Count, pack.Labeled(Outcome.Inspect));
            Assert.Equal(inspected.Count(r => r == InspectionResult.Found), pack.Found(Outcome.Inspect));
            Assert.Equal(decisions.Count(d => sample.Inspections.Lookup(d.Id) != InspectionResult.Unknown), OutcomeSymbols.All.Sum(pack.Labeled));

            // At its own INSPECT share a pack inspects exactly its INSPECT decisions: the hit rate is their precision.
            ExpectedHitRate own = pack.HitRateAt(pack.InspectionRate);
            Assert.Equal(pack.Precision(Outcome.Inspect), own.HitRate, 9);
            Assert.Equal(pack.Count(Outcome.Inspect), own.Selected, 6);
        }

        // Both packs are compared at the baseline's INSPECT share.
        Assert.Equal(result.Packs[0].InspectionRate, result.ComparisonRate);
        Assert.False(result.ComparisonRateGiven);
    }

    [Fact]
    public void Run_RuleHits_CoverEveryRuleOfEachPackInOrder()
    {
        PackResult stricter = sample.Result.Packs[1];
        IReadOnlyList<string> ids = Samples.Pack(Samples.StricterRules, "x").Pack.RuleIds;
        Assert.Equal(ids, stricter.Rules.Take(ids.Count).Select(r => r.RuleId));
        Assert.DoesNotContain(stricter.Rules, r => r.RuleId == "(other)");
        long undervaluation(PackResult pack) => pack.Rules.Where(r => r.Code == "UNDERVALUATION").Sum(r => r.Hits);
        Assert.True(undervaluation(stricter) > undervaluation(sample.Result.Packs[0]));
    }
}
