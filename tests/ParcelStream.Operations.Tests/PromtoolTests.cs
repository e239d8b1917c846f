using System.Text.Json.Nodes;
using ParcelStream.Codec.Decisions;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Operations.Tests;

/// <summary>promtool (Debian package prometheus, installed by make setup) on our exposition and our rule files.</summary>
public sealed class PromtoolTests
{
    private const string Promtool = "/usr/bin/promtool";

    /// <summary>Recording and alerting rules in the PrometheusRule.</summary>
    internal const int RuleCount = 23;

    [Fact]
    public async Task CheckMetrics_FullyPopulatedExposition_NoLintProblems()
    {
        Exposition e = await PopulatedExpositionAsync();
        Assert.Contains("parcelstream_consumer_lag{", e.Text, StringComparison.Ordinal);

        (int exit, string output) = await Tool.RunAsync(Promtool, ["check", "metrics"], stdin: e.Text);

        Assert.True(exit == 0 && output.Length == 0, $"promtool check metrics exited {exit}:\n{output}");
    }

    [Fact]
    public async Task CheckRules_RulesExtractedFromThePrometheusRule_Valid()
    {
        string directory = TempDirectory();
        try
        {
            string file = PrometheusRules.WriteRuleFile(directory);

            (int exit, string output) = await Tool.RunAsync(Promtool, ["check", "rules", file]);

            Assert.True(exit == 0, output);
            Assert.Contains($"SUCCESS: {RuleCount} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TestRules_UnitTestsOfEveryAlert_Pass()
    {
        string directory = TempDirectory();
        try
        {
            PrometheusRules.WriteRuleFile(directory);

            (int exit, string output) = await Tool.RunAsync(Promtool, ["test", "rules", PrometheusRules.TestFileName], workingDirectory: directory);

            Assert.True(exit == 0, output);
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void RuleFile_PrintedByTheScript_IsThePrometheusRuleSpec()
    {
        // scripts/prometheus-rules.sh cuts text, without a YAML parser: its output must parse to the resource's groups.
        JsonNode printed = YamlJson.Load(PrometheusRules.RuleFile())!;

        Assert.Equal(["groups"], printed.AsObject().Select(p => p.Key));
        Assert.True(JsonNode.DeepEquals(PrometheusRules.Groups(), printed["groups"]), "scripts/prometheus-rules.sh prints something else than the PrometheusRule's spec.groups");
        Assert.Equal(RuleCount, printed["groups"]!.AsArray().Sum(g => g!["rules"]!.AsArray().Count));
    }

    [Fact]
    public void UnitTests_EveryAlert_HasACase()
    {
        string tests = File.ReadAllText(Repo.Path("ops", "prometheus", PrometheusRules.TestFileName));
        IEnumerable<string> alerts = PrometheusRules.Groups().SelectMany(g => g!["rules"]!.AsArray()).Select(r => r!["alert"]?.GetValue<string>()).OfType<string>();

        Assert.All(alerts, a => Assert.Contains($"alertname: {a}\n", tests.ReplaceLineEndings("\n"), StringComparison.Ordinal));
    }

    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), "parcelstream-promtool-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Every metric family with samples: counters, labelled counters, histograms, lag, rule pack, a store, feedback.</summary>
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
        WorkerHandle worker = ParcelStreamMetricsTests.Handle(counters, assigned: 2);
        var store = new StoreStatistics { StoreName = "split-store", ChangelogTopic = "parcelstream.app.split-store-changelog", Keys = () => 40, Partitions = () => 2 };
        worker.State = () => store;
        var totals = new Dictionary<FeedbackKey, EntityCounts>
        {
            [new FeedbackKey(FeedbackKind.Rule, "engine.model")] = new(400, 380, 152),
            [new FeedbackKey(FeedbackKind.Rule, "prohibited-goods-hs")] = new(90, 90, 70),
            [FeedbackKey.Baseline] = new(200, 190, 6),
        };
        var feedback = new FeedbackHandle(new RiskHistoryTable(new RiskHistoryOptions())) { Restored = true, Results = () => (21, 2, 1), RuleTotals = () => totals, StatisticsRestoreSeconds = 4.2, JoinRestoreSeconds = () => 1.5 };
        using Pipeline.Schemas.RegistrySchemas registry = SchemaRegistryMetricsTests.Unreachable();
        var metrics = new ParcelStreamMetrics(new OperationsHealth(worker, () => engine, feedback, registry));
        return await Exposition.CollectAsync(metrics);
    }
}
