using ParcelStream.Codec.Decisions;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests;

public sealed class ParcelStreamMetricsTests
{
    [Fact]
    public async Task Export_CountersRecorded_AppearAsPrometheusCounters()
    {
        var counters = new WorkerCounters();
        for (int i = 0; i < 7; i++)
        {
            counters.OnConsumed();
        }

        counters.OnDecision(Outcome.Release);
        counters.OnDecision(Outcome.Release);
        counters.OnDecision(Outcome.Inspect);
        counters.Reasons.Add("HS_MISSING"u8);
        counters.Reasons.Add("HS_MISSING"u8);
        counters.OnDeadLetter("UnknownSchemaId");
        counters.OnDeadLetter("EmptyMessage");
        counters.OnAcknowledged();
        counters.OnCommit(ok: true);
        counters.OnCommit(ok: false);
        counters.OnRebalance();
        var metrics = new ParcelStreamMetrics(new OperationsHealth(Handle(counters, assigned: 3), () => null));

        Exposition e = await Exposition.CollectAsync(metrics);

        Assert.Equal(7, e.Value("parcelstream_manifests_consumed_total"));
        Assert.Equal(2, e.Value("parcelstream_decisions_total", ("outcome", "release")));
        Assert.Equal(0, e.Value("parcelstream_decisions_total", ("outcome", "hold")));
        Assert.Equal(1, e.Value("parcelstream_decisions_total", ("outcome", "inspect")));
        Assert.Equal(2, e.Value("parcelstream_decision_reasons_total", ("code", "HS_MISSING")));
        Assert.Equal(1, e.Value("parcelstream_dead_letters_total", ("error_code", "UnknownSchemaId")));
        Assert.Equal(1, e.Value("parcelstream_dead_letters_total", ("error_code", "EmptyMessage")));
        Assert.Equal(0, e.Value("parcelstream_dead_letters_total", ("error_code", "Truncated")));
        Assert.Equal(1, e.Value("parcelstream_records_acknowledged_total"));
        Assert.Equal(1, e.Value("parcelstream_offset_commits_total"));
        Assert.Equal(1, e.Value("parcelstream_offset_commit_failures_total"));
        Assert.Equal(1, e.Value("parcelstream_rebalances_total"));
        Assert.Equal(3, e.Value("parcelstream_assigned_partitions"));

        // Counters keep counting across scrapes.
        counters.OnDecision(Outcome.Hold);
        Assert.Equal(1, (await Exposition.CollectAsync(metrics)).Value("parcelstream_decisions_total", ("outcome", "hold")));
    }

    [Fact]
    public async Task Export_LatenciesRecordedBetweenScrapes_HistogramHasExactCountSumAndBuckets()
    {
        var counters = new WorkerCounters();
        var metrics = new ParcelStreamMetrics(new OperationsHealth(Handle(counters, assigned: 1), () => null));
        double[] first = [0.01, 0.07, 0.07, 3, 450, 90_000, 500_000];
        double[] second = [0.02, 12.5, 12.5, 12.5];
        foreach (double ms in first)
        {
            counters.Latency.Record(ms);
        }

        Exposition e1 = await Exposition.CollectAsync(metrics);
        foreach (double ms in second)
        {
            counters.Latency.Record(ms);
        }

        Exposition e2 = await Exposition.CollectAsync(metrics);

        const string Name = "parcelstream_end_to_end_latency_seconds";
        Assert.Equal(first.Length, e1.Value(Name + "_count"));
        Assert.Equal(first.Length + second.Length, e2.Value(Name + "_count"));

        // 500 s is past the last bucket: it is recorded as the bound (about 127 s), as the worker's histogram does.
        double expectedSum = first.Concat(second).Sum(ms => Math.Min(ms, counters.Latency.UpperBoundMilliseconds(LatencyHistogram.BucketCount - 1))) / 1000;
        Assert.Equal(expectedSum, e2.Value(Name + "_sum"), 6);

        // Every bucket counts exactly the values at or below its bound.
        double[] all = [.. first, .. second];
        foreach (Exposition.Sample bucket in e2.All(Name + "_bucket"))
        {
            double bound = Bound(bucket);
            Assert.True(all.Count(ms => ms / 1000 <= bound) == bucket.Value, $"bucket le={bound}: {bucket.Value}, expected {all.Count(ms => ms / 1000 <= bound)}");
        }
    }

    [Fact]
    public async Task Export_StageTimings_UseSubMicrosecondBuckets()
    {
        var counters = new WorkerCounters();
        counters.DecodeLatency.Record(0.0008);
        counters.EvaluateLatency.Record(0.003);
        var metrics = new ParcelStreamMetrics(new OperationsHealth(Handle(counters, assigned: 1), () => null));

        Exposition e = await Exposition.CollectAsync(metrics);

        Assert.Equal(0.0000005, Bound(e.All("parcelstream_decode_duration_seconds_bucket").First()), 12);
        Assert.Equal(0, e.Value("parcelstream_decode_duration_seconds_bucket", ("le", "5e-07")));
        Assert.Equal(1, e.Value("parcelstream_decode_duration_seconds_bucket", ("le", "1e-06")));
        Assert.Equal(0.0008 / 1000, e.Value("parcelstream_decode_duration_seconds_sum"), 12);
        Assert.Equal(1, e.Value("parcelstream_evaluate_duration_seconds_bucket", ("le", "4e-06")));
        Assert.Equal(0, e.Value("parcelstream_evaluate_duration_seconds_bucket", ("le", "2e-06")));
    }

    [Fact]
    public async Task Export_ConsumerLagFromStatistics_OnePerPartitionAndMovedPartitionsRemoved()
    {
        var counters = new WorkerCounters();
        var metrics = new ParcelStreamMetrics(new OperationsHealth(Handle(counters, assigned: 2), () => null));
        counters.ConsumerLag.OnStatistics(ConsumerLagTests.Statistics(("manifests", 0, 12, "active"), ("manifests", 3, 0, "active")));

        Exposition e1 = await Exposition.CollectAsync(metrics);
        Assert.Equal(12, e1.Value("parcelstream_consumer_lag", ("topic", "manifests"), ("partition", "0")));
        Assert.Equal(0, e1.Value("parcelstream_consumer_lag", ("topic", "manifests"), ("partition", "3")));

        counters.ConsumerLag.OnStatistics(ConsumerLagTests.Statistics(("manifests", 3, 40, "active")));
        Exposition e2 = await Exposition.CollectAsync(metrics);
        Assert.Null(e2.Find("parcelstream_consumer_lag", ("partition", "0")));
        Assert.Equal(40, e2.Value("parcelstream_consumer_lag", ("topic", "manifests"), ("partition", "3")));
        Assert.Equal(2, e2.Value("parcelstream_consumer_statistics_total"));
    }

    [Fact]
    public async Task Export_RulePackReloaded_InfoFollowsTheVersionAndCountsReloads()
    {
        string directory = CopyRules();
        try
        {
            var engine = new RuleEngine(RulePack.Load(directory), new RuleEngineOptions { Directory = directory, WatchForChanges = false });
            var metrics = new ParcelStreamMetrics(new OperationsHealth(Handle(new WorkerCounters(), assigned: 1), () => engine));
            string first = engine.Current.Version;

            Exposition e1 = await Exposition.CollectAsync(metrics);
            Assert.Equal(1, e1.Value("parcelstream_rule_pack_info", ("version", first)));
            Assert.Equal(engine.Current.RuleCount, e1.Value("parcelstream_rule_pack_rules"));

            string pack = Path.Combine(directory, "pack.yaml");
            File.WriteAllText(pack, File.ReadAllText(pack).Replace($"version: \"{first}\"", "version: \"9999.1.1\"", StringComparison.Ordinal));
            Assert.True(engine.TryReload(directory, out string? error), error);
            File.WriteAllText(Path.Combine(directory, "rules-value.yaml"), "rules: [ { this is not a rule");
            Assert.False(engine.TryReload(directory, out _));

            Exposition e2 = await Exposition.CollectAsync(metrics);
            Assert.Null(e2.Find("parcelstream_rule_pack_info", ("version", first)));
            Assert.Equal(1, e2.Value("parcelstream_rule_pack_info", ("version", "9999.1.1")));
            Assert.Equal(1, e2.Value("parcelstream_rule_pack_reloads_total"));
            Assert.Equal(1, e2.Value("parcelstream_rule_pack_reload_failures_total"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Export_BeforeTheWorkerStarts_ReportsNotReadyAndRuntimeFigures()
    {
        var metrics = new ParcelStreamMetrics(new OperationsHealth(new WorkerHandle(), () => null));

        Exposition e = await Exposition.CollectAsync(metrics);

        Assert.Equal(0, e.Value("parcelstream_ready"));
        Assert.True(e.Value("parcelstream_gc_allocated_bytes_total") > 0);
        Assert.True(e.Value("parcelstream_gc_heap_size_bytes") >= 0);
        Assert.Equal(1, e.All("parcelstream_build_info").Single().Value);
        Assert.Contains("process_cpu_seconds_total", e.FamilyNames);
    }

    [Fact]
    public async Task Export_NoLabelValueComesFromMessageContent()
    {
        // Label names are a closed set: outcome, code, error_code, topic, partition, version, le (and prometheus-net's generation).
        var counters = new WorkerCounters();
        counters.Reasons.Add("WATCHLIST_MATCH"u8);
        counters.ConsumerLag.OnStatistics(ConsumerLagTests.Statistics(("manifests", 1, 5, "active")));
        var metrics = new ParcelStreamMetrics(new OperationsHealth(Handle(counters, assigned: 1), () => null));

        Exposition e = await Exposition.CollectAsync(metrics);

        string[] allowed = ["outcome", "code", "error_code", "topic", "partition", "version", "le", "generation"];
        Assert.All(e.Samples.SelectMany(s => s.Labels.Keys).Distinct(), name => Assert.Contains(name, allowed));
    }

    private static double Bound(Exposition.Sample bucket) =>
        bucket.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(bucket.Labels["le"], System.Globalization.CultureInfo.InvariantCulture);

    internal static WorkerHandle Handle(WorkerCounters counters, int assigned) => new() { Counters = counters, AssignedPartitions = () => assigned };

    internal static string CopyRules()
    {
        string directory = Path.Combine(Path.GetTempPath(), "parcelstream-rules-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        foreach (string file in Directory.GetFiles(Repo.RulesDirectory))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        return directory;
    }
}
