using ParcelStream.Codec.Decisions;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests;

/// <summary>promtool (Debian package prometheus, installed by make setup) on our exposition and our rule files.</summary>
public sealed class PromtoolTests
{
    private const string Promtool = "/usr/bin/promtool";

    [Fact]
    public async Task CheckMetrics_FullyPopulatedExposition_NoLintProblems()
    {
        Exposition e = await PopulatedExpositionAsync();
        Assert.Contains("parcelstream_consumer_lag{", e.Text, StringComparison.Ordinal);

        (int exit, string output) = await Tool.RunAsync(Promtool, ["check", "metrics"], stdin: e.Text);

        Assert.True(exit == 0 && output.Length == 0, $"promtool check metrics exited {exit}:\n{output}");
    }

    [Fact]
    public async Task CheckRules_AlertAndRecordingRules_Valid()
    {
        (int exit, string output) = await Tool.RunAsync(Promtool, ["check", "rules", "ops/prometheus/parcelstream-rules.yaml"]);

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 14 rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_UnitTestsOfEveryAlert_Pass()
    {
        (int exit, string output) = await Tool.RunAsync(Promtool, ["test", "rules", "parcelstream-rules.test.yaml"], workingDirectory: Repo.Path("ops", "prometheus"));

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    /// <summary>Every metric family with samples: counters, labelled counters, histograms, lag, rule pack.</summary>
    internal static async Task<Exposition> PopulatedExpositionAsync()
    {
        var counters = new WorkerCounters();
        for (int i = 0; i < 50; i++)
        {
            counters.OnConsumed();
            counters.DecodeLatency.Record(0.002 * (1 + (i % 9)));
            counters.EvaluateLatency.Record(0.01 * (1 + (i % 5)));
            counters.CreatedToDecided.Record(800 + (i * 3));
            counters.OnDecision((Outcome)(i % 3));
            counters.Reasons.Add(i % 2 == 0 ? "VAGUE_DESCRIPTION"u8 : "HS_MISSING"u8);
            counters.OnAcknowledged();
            counters.ServiceLatency.Record(0.4 + i);
            counters.Latency.Record(3 + (i * 7));
        }

        counters.OnDeadLetter("Truncated");
        counters.OnDeadLetterTruncated();
        counters.OnDeliveryRefused();
        counters.OnHeadersDropped(6);
        counters.OnCommit(ok: true);
        counters.OnCommit(ok: false);
        counters.OnRebalance();
        counters.ConsumerLag.OnStatistics(ConsumerLagTests.Statistics(("parcels.manifests", 0, 12, "active"), ("parcels.manifests", 1, 3, "active")));
        var engine = new RuleEngine(RulePack.Load(Repo.RulesDirectory), new RuleEngineOptions { WatchForChanges = false });
        var metrics = new ParcelStreamMetrics(new OperationsHealth(ParcelStreamMetricsTests.Handle(counters, assigned: 2), () => engine));
        return await Exposition.CollectAsync(metrics);
    }
}
