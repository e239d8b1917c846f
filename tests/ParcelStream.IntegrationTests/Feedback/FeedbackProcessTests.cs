using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.Codec.Manifest;
using ParcelStream.IntegrationTests.Worker;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.IntegrationTests.Feedback;

/// <summary>
/// Inspection feedback end to end with the real host (`parcelstream run`, default rule pack) on the mock cluster:
/// decisions, inspection results published, statistics per rule, baseline and seller, metrics, `rules stats`, a restart.
/// </summary>
public sealed partial class FeedbackProcessTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private const string BadSeller = "S-BAD";
    private const string GoodSeller = "S-OK";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_InspectionResultsPublished_StatisticsMetricsAndRiskFollowAndSurviveARestart()
    {
        var s = new Scenario(fixture);
        Dictionary<string, string> settings = s.Settings();
        const int Count = 60;
        s.Worker.Produce(Manifests(0, Count));

        using (WorkerProcess first = WorkerProcess.Start(settings))
        {
            List<ReadDecision> decisions = await s.DecisionsAsync(first, Count);
            List<ReadDecision> selected = [.. decisions.Where(d => d.Decision.Outcome != Outcome.Release)];
            Assert.True(selected.Count >= Count / 2, $"{selected.Count} of {Count} held or inspected");
            Assert.Contains(selected, IsRandom);
            Assert.Contains(selected, d => !IsRandom(d));
            s.PublishResults(selected.Select(d => Result(d.ManifestId, SellerOf(d) == BadSeller)));

            // Every result counted: per rule (risk-selected and random apart), the baseline, the sellers.
            Dictionary<FeedbackKey, EntityCounts> expected = Expected(selected);
            FeedbackTally stats = await s.StatsAsync(first, t => expected.All(e => t.Get(e.Key) == e.Value));
            Assert.All(expected, e => Assert.Equal(e.Value, stats.Get(e.Key)));
            Assert.Equal(selected.Count(IsRandom), stats.Get(FeedbackKey.Baseline).Inspected);
            Assert.Equal(new EntityCounts(selected.Count(d => SellerOf(d) == BadSeller), selected.Count(d => SellerOf(d) == BadSeller), selected.Count(d => SellerOf(d) == BadSeller)), stats.Get(new FeedbackKey(FeedbackKind.Seller, BadSeller)));
            Assert.Equal(0, stats.Get(new FeedbackKey(FeedbackKind.Seller, GoodSeller)).Found);

            // The worker's metrics show the same figures.
            string metrics = await WorkerHarness.WaitForAsync(
                () => Metrics(first),
                m => Gauge(m, "parcelstream_random_baseline_inspected") == stats.Get(FeedbackKey.Baseline).Inspected
                    && Gauge(m, "parcelstream_rule_feedback_inspected{rule=\"ics2-vague-description\",selection=\"risk\"}") == stats.Get(new FeedbackKey(FeedbackKind.Rule, "ics2-vague-description")).Inspected,
                s_timeout);
            EntityCounts vague = stats.Get(new FeedbackKey(FeedbackKind.Rule, "ics2-vague-description"));
            Assert.Equal(vague.Found, Gauge(metrics, "parcelstream_rule_feedback_found{rule=\"ics2-vague-description\",selection=\"risk\"}"));
            Assert.Equal((double)vague.Found / vague.Inspected, Gauge(metrics, "parcelstream_rule_precision{rule=\"ics2-vague-description\"}"), 9);
            Assert.True(Gauge(metrics, "parcelstream_rule_hits_total{rule=\"ics2-vague-description\"}") >= vague.Decided, metrics);

            // The feedback join reports its own lag per partition, as the worker does (librdkafka statistics).
            string lagged = await WorkerHarness.WaitForAsync(() => Metrics(first), m => m.Contains("parcelstream_feedback_consumer_lag{topic=\"", StringComparison.Ordinal), s_timeout);
            Assert.Matches(@"parcelstream_feedback_consumer_lag\{topic=""[^""]+"",partition=""\d+""\} \d+", lagged);

            // How long the statistics read-back at start and the join's restore on assignment took.
            Assert.Matches(@"parcelstream_feedback_restore_seconds\{restored=""statistics""\} [0-9.eE+-]+", lagged);
            Assert.Matches(@"parcelstream_feedback_restore_seconds\{restored=""join""\} [0-9.eE+-]+", lagged);

            // The next parcel of the seller whose inspections found something scores higher than the other seller's.
            await Task.Delay(TimeSpan.FromSeconds(2)); // the history table reads the statistics topic continuously
            s.Worker.Produce(Manifests(Count, 2));
            ReadDecision bad = (await s.DecisionsAsync(first, Count + 2)).Single(d => d.ManifestId == ManifestId(Count));
            ReadDecision good = (await s.DecisionsAsync(first, Count + 2)).Single(d => d.ManifestId == ManifestId(Count + 1));
            Assert.True(bad.Decision.RiskScore > good.Decision.RiskScore, $"{bad.Decision} vs {good.Decision}");
            Assert.True(bad.Decision.HasReason("POOR_INSPECTION_HISTORY"u8), bad.Decision.ToString());
            Assert.False(good.Decision.HasReason("POOR_INSPECTION_HISTORY"u8), good.Decision.ToString());
            RiskHistory used = History(bad);

            // The inspection cut-off the worker decided with travels with the decision (rules explain --cutoff reproduces it).
            string cutoff = Encoding.UTF8.GetString(bad.Headers.GetLastBytes(DeadLetterHeaders.Cutoff));
            Assert.True(double.TryParse(cutoff, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed) && !double.IsNaN(parsed), cutoff);
            Assert.Equal(stats.Get(new FeedbackKey(FeedbackKind.Seller, BadSeller)).Inspected, used.SellerInspected);
            Assert.Equal(used.SellerInspected, used.SellerFound);
            first.Kill();
        }

        // A restarted worker reads the statistics back before deciding: the history is still there.
        using WorkerProcess second = WorkerProcess.Start(settings);
        s.Worker.Produce(Manifests(Count + 2, 1));
        ReadDecision again = (await s.DecisionsAsync(second, Count + 3)).Single(d => d.ManifestId == ManifestId(Count + 2));
        Assert.True(again.Decision.HasReason("POOR_INSPECTION_HISTORY"u8), again.Decision.ToString());
        Assert.True(History(again).SellerInspected >= 5, again.Decision.ToString());

        // rules stats reads the same topic.
        using HostProcess stats2 = HostProcess.Start("rules", "stats", "--bootstrap-servers", fixture.BootstrapServers, "--topic", s.Stats, "--rules", RulesDirectory());
        Assert.True(stats2.WaitForExit(s_timeout), stats2.StandardError);
        string output = string.Join('\n', stats2.StandardOutput);
        Assert.True(stats2.ExitCode == 0, stats2.StandardError);
        Assert.Contains("ics2-vague-description", output, StringComparison.Ordinal);
        Assert.Matches(@"random baseline: \d+ selected at random, \d+ inspected", output);
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), second.Output);
    }

    [Fact]
    public async Task Run_ResultBeforeDecisionDuplicateAndGarbage_CountedOnceAndDeadLettered()
    {
        var s = new Scenario(fixture);
        using WorkerProcess worker = WorkerProcess.Start(s.Settings());

        // The result of manifest 0 arrives before the manifest itself; manifest 1's result is sent twice; one is garbage.
        s.PublishResults([Result(ManifestId(0), found: true)]);
        s.PublishRaw([new Message<byte[], byte[]> { Key = "x"u8.ToArray(), Value = [0x00, 0x00, 0x00, 0x00, 0x03, 0x02] }]);
        s.Worker.Produce(Manifests(0, 2));
        List<ReadDecision> decisions = await s.DecisionsAsync(worker, 2);
        Assert.All(decisions, d => Assert.NotEqual(Outcome.Release, d.Decision.Outcome));
        s.PublishResults([Result(ManifestId(1), found: false), Result(ManifestId(1), found: false)]);

        Dictionary<FeedbackKey, EntityCounts> expected = Expected(decisions, id => id == ManifestId(0));
        FeedbackTally stats = await s.StatsAsync(worker, t => expected.All(e => t.Get(e.Key) == e.Value));
        Assert.Equal(new EntityCounts(1, 1, 1), stats.Get(new FeedbackKey(FeedbackKind.Seller, BadSeller)));
        Assert.Equal(new EntityCounts(1, 1, 0), stats.Get(new FeedbackKey(FeedbackKind.Seller, GoodSeller)));

        List<ConsumeResult<byte[], byte[]>> dead = await WorkerHarness.WaitForAsync(() => Task.FromResult(s.ReadAll(s.ResultsDeadLetters)), l => l.Count >= 1, s_timeout);
        Assert.Equal("Truncated", Encoding.UTF8.GetString(dead.Single().Message.Headers.GetLastBytes(DeadLetterHeaders.ErrorCode)));
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), worker.Output);
    }

    private static bool IsRandom(ReadDecision d) =>
        Enumerable.Range(0, d.Decision.ReasonCount).Any(i => d.Decision.ReasonRuleId(i).SequenceEqual("engine.random-selection"u8));

    private static string SellerOf(ReadDecision d) => int.Parse(d.ManifestId[3..], CultureInfo.InvariantCulture) % 2 == 0 ? BadSeller : GoodSeller;

    private static string ManifestId(int sequence) => "MF-" + sequence.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>What the statistics must hold for these decisions when each got a result (FOUND for the bad seller).</summary>
    internal static Dictionary<FeedbackKey, EntityCounts> Expected(IEnumerable<ReadDecision> decisions, Func<string, bool>? found = null)
    {
        var tally = new FeedbackTally();
        foreach (ReadDecision d in decisions)
        {
            string[] rules = [.. Enumerable.Range(0, d.Decision.ReasonCount).Select(i => Encoding.UTF8.GetString(d.Decision.ReasonRuleId(i))).Where(r => r != DecidedParcel.RandomSelectionRuleId).Distinct()];
            var parcel = new DecidedParcel(d.ManifestId, rules, IsRandom(d), SellerOf(d), 0, d.Decision.Outcome, 0);
            tally.Decided(parcel);
            tally.Result(parcel, null, (found ?? (id => SellerOf(d) == BadSeller))(d.ManifestId) ? InspectionOutcome.Found : InspectionOutcome.Clean);
        }

        return tally.Lines.Where(l => l.Key.Kind != FeedbackKind.Consignor).ToDictionary();
    }

    private static RiskHistory History(ReadDecision d)
    {
        byte[] header = d.Headers.GetLastBytes(DeadLetterHeaders.RiskHistory);
        Assert.True(RiskHistory.TryParse(header, out RiskHistory history), Encoding.UTF8.GetString(header));
        return history;
    }

    /// <summary>Manifests alternating between the two sellers (even sequence: the bad one), held by the ICS2 vague-description rule; Confluent-framed with <paramref name="schemaId"/>.</summary>
    internal static List<Message<byte[], byte[]>> Manifests(int first, int count, int schemaId = SchemaRegistry.DefaultManifestSchemaId) =>
        [.. Enumerable.Range(first, count).Select(i =>
        {
            ManifestRecord m = TestManifests.Create(i, "TN" + i.ToString("D6", CultureInfo.InvariantCulture));
            m.SellerId = i % 2 == 0 ? BadSeller : GoodSeller;
            m.MarketplaceId = "MKT-1";
            m.Category = Category.SaleOfGoods;
            m.TotalValueMinor = m.Items[0].ValueMinor = 5_000;
            m.Items[0].Description = "Various goods";
            return new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(m.TrackingNumber), Value = ManifestEncoder.ToBytes(m, MessageFraming.Confluent, schemaId) };
        })];

    internal static InspectionReport Result(string manifestId, bool found) =>
        new(manifestId, found ? InspectionOutcome.Found : InspectionOutcome.Clean, "officer-7", 1_795_000_100_000) { FindingCodes = found ? ["UNDERVALUED"] : [] };

    private static string RulesDirectory() => Path.Combine(Path.GetDirectoryName(WorkerProcess.HostDll)!, "rules", "default");

    internal static async Task<string> Metrics(WorkerProcess worker)
    {
        Match port = ListeningPort().Match(worker.Output);
        if (!port.Success)
        {
            return string.Empty;
        }

        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{port.Groups[1].Value}/metrics"));
    }

    internal static double Gauge(string metrics, string series)
    {
        string? line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"listening on .*?:(\d+) \(/metrics")]
    private static partial Regex ListeningPort();

    /// <summary>The topics of one test: the worker's, and the feedback ones.</summary>
    internal sealed class Scenario(MockClusterFixture fixture)
    {
        public WorkerHarness Worker { get; } = new(fixture, inputPartitions: 2, singleDecisionTopic: true);

        public string Results { get; } = fixture.CreateTopic("inspection-results", 2);

        public string ResultsDeadLetters { get; } = fixture.CreateTopic("inspection-results-dlq", 1);

        public string Decided { get; } = fixture.CreateTopic("decided", 3);

        public string Repartition { get; } = fixture.CreateTopic("results-by-manifest", 3);

        public string Stats { get; } = fixture.CreateTopic("stats", 2);

        public Dictionary<string, string> Settings()
        {
            Dictionary<string, string> settings = Worker.ProcessSettings();
            settings["ParcelStream:Rules:RandomSelectionRate"] = "0.3";
            settings["ParcelStream:Feedback:ResultsTopic"] = Results;
            settings["ParcelStream:Feedback:ResultsDeadLetterTopic"] = ResultsDeadLetters;
            settings["ParcelStream:Feedback:DecidedTopic"] = Decided;
            settings["ParcelStream:Feedback:RepartitionTopic"] = Repartition;
            settings["ParcelStream:Feedback:StatsTopic"] = Stats;
            settings["ParcelStream:Feedback:CommitIntervalMs"] = "200";
            return settings;
        }

        public void PublishResults(IEnumerable<InspectionReport> reports) =>
            PublishRaw(reports.Select(r => new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(r.ManifestId),
                Value = InspectionReportWriter.ToArray(r, MessageFraming.Confluent),
            }));

        public void PublishRaw(IEnumerable<Message<byte[], byte[]>> messages)
        {
            List<DeliveryReport<byte[], byte[]>> reports = KafkaTestClient.ProduceAll(fixture.ProducerConfig(), Results, messages);
            Assert.All(reports, r => Assert.False(r.Error.IsError, r.Error.Reason));
        }

        public Task<List<ReadDecision>> DecisionsAsync(WorkerProcess worker, int count) =>
            WorkerHarness.WaitForAsync(
                () => Task.FromResult(worker.HasExited ? throw new InvalidOperationException(worker.Output) : Worker.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5))),
                l => l.Select(d => d.ManifestId).Distinct().Count() >= count,
                s_timeout);

        public Task<FeedbackTally> StatsAsync(WorkerProcess worker, Func<FeedbackTally, bool> done) =>
            WorkerHarness.WaitForAsync(
                () => Task.FromResult(worker.HasExited ? throw new InvalidOperationException(worker.Output) : FeedbackStatsReader.ReadAll(new Dictionary<string, string> { ["bootstrap.servers"] = fixture.BootstrapServers }, Stats, TimeSpan.FromSeconds(20))),
                done,
                s_timeout);

        public List<ConsumeResult<byte[], byte[]>> ReadAll(string topic) => Worker.ReadTopic(topic, TimeSpan.FromSeconds(5));
    }
}
