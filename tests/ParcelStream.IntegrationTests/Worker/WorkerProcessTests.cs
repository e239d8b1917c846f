namespace ParcelStream.IntegrationTests.Worker;

/// <summary>The real host process (`parcelstream run`, real rule pack) against the mock cluster: killed mid-run, restarted, stopped with SIGTERM.</summary>
public sealed class WorkerProcessTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_KilledMidRunThenRestarted_EveryManifestDecided()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 4, singleDecisionTopic: true);
        const int Count = 20_000;
        h.Produce(TestManifests.Valid(Count / 2, keys: 5_000));
        Dictionary<string, string> settings = Settings(h);

        using (WorkerProcess first = WorkerProcess.Start(settings))
        {
            await WorkerHarness.WaitUntilAsync(() => first.HasExited || Decided(h) > 500, s_runTimeout, () => first.Output);
            Assert.False(first.HasExited, first.Output);
            first.Kill();
        }

        int afterKill = Decided(h);
        h.Produce(TestManifests.Valid(Count / 2, keys: 5_000, first: Count / 2));
        using WorkerProcess second = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => second.HasExited || UniqueDecided(h) >= Count, s_runTimeout, () => $"{UniqueDecided(h)} decided; output:\n{second.Output}");
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), "the worker stops within 30 s of SIGTERM");
        Assert.True(second.ExitCode == 0, second.Output);

        Assert.True(afterKill < Count, "the kill happened before the end of the run");
        Assert.Equal(Count, UniqueDecided(h));
        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    [Fact]
    public async Task Run_SigtermDuringStartupWithClusterUnreachable_ExitsZeroPromptly()
    {
        // Nothing listens on port 1: start-up waits on the feedback stage's topic metadata (up to its restore timeout).
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        Dictionary<string, string> settings = Settings(h);
        settings["ParcelStream:Worker:BootstrapServers"] = "127.0.0.1:1";
        using WorkerProcess process = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => process.HasExited || process.Output.Contains("Operations endpoint listening", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => process.Output);
        Assert.False(process.HasExited, process.Output);

        Assert.True(process.Terminate(TimeSpan.FromSeconds(20)), $"still running 20 s after SIGTERM:\n{process.Output}");
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{process.Output}");
        Assert.Contains("stopped during start-up", process.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ParcelStream:Worker:MaxInFlight", "0")]
    // A threshold the rule pack does not define, checked against the pack when the host is built.
    [InlineData("ParcelStream:State:SplitThresholds:DE", "no-such-threshold")]
    public async Task Run_InvalidSetting_ExitsWithMessageNamingTheKey(string key, string value)
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        Dictionary<string, string> settings = Settings(h);
        settings[key] = value;
        if (key.StartsWith("ParcelStream:State:", StringComparison.Ordinal))
        {
            settings["ParcelStream:State:Enabled"] = "true";
        }

        using WorkerProcess process = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => process.HasExited, TimeSpan.FromSeconds(30), () => process.Output);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(key, process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProbedAndScrapedWhileDeciding_NoLinePerRequestInTheLog()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        using WorkerProcess worker = WorkerProcess.Start(Settings(h));
        int port = await worker.MetricsPortAsync(s_runTimeout);
        h.Produce(TestManifests.Valid(20, keys: 20));
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || Decided(h) >= 20, s_runTimeout, () => worker.Output);

        // What the kubelet and Prometheus do every few seconds.
        using var http = new HttpClient();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await WorkerProcess.ReadinessAsync(port)).Status);
            Assert.Contains("parcelstream_decisions_total", await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")), StringComparison.Ordinal);
        }

        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("Request starting", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Request finished", worker.Output, StringComparison.Ordinal);
        Assert.Contains("Partitions assigned", worker.Output, StringComparison.Ordinal);

        // Start-up and shutdown say what they wait for; librdkafka's own lines (%LEVEL|time|FACILITY|...) never reach the
        // log raw: they go through ILogger (category ParcelStream.Kafka) in the configured format.
        Assert.Contains("Waiting for partition assignment", worker.Output, StringComparison.Ordinal);
        Assert.Contains("Stopped: drained", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^%\d\|", worker.Output);
    }

    [Fact]
    public async Task Run_RulePackChangedThenBroken_NewVersionUsedAndBrokenOneRejected()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        string rules = CopyRules();
        Dictionary<string, string> settings = Settings(h);
        settings["ParcelStream:Rules:Directory"] = rules;
        settings["ParcelStream:Rules:WatchForChanges"] = "true";
        settings["ParcelStream:Rules:PollInterval"] = "00:00:01";
        settings["ParcelStream:Rules:ReloadDebounce"] = "00:00:00.200";
        using WorkerProcess worker = WorkerProcess.Start(settings);

        h.Produce(TestManifests.Valid(100, keys: 100));
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || Versions(h).Count == 100, s_runTimeout, () => worker.Output);
        Assert.Equal(["2026.12.1"], Versions(h).Distinct());

        string pack = Path.Combine(rules, "pack.yaml");
        File.WriteAllText(pack, File.ReadAllText(pack).Replace("version: \"2026.12.1\"", "version: \"2026.12.2-test\"", StringComparison.Ordinal));
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || worker.Output.Contains("2026.12.2-test", StringComparison.Ordinal), s_runTimeout, () => worker.Output);
        h.Produce(TestManifests.Valid(100, keys: 100, first: 100));
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || Versions(h).Count == 200, s_runTimeout, () => worker.Output);
        Assert.Equal(100, Versions(h).Count(v => v == "2026.12.2-test"));

        // A broken pack is rejected; the running one keeps deciding.
        File.AppendAllText(Path.Combine(rules, "rules-value.yaml"), "\n  - id: [broken\n");
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || worker.Output.Contains("rules-value.yaml", StringComparison.Ordinal), s_runTimeout, () => worker.Output);
        h.Produce(TestManifests.Valid(100, keys: 100, first: 200));
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || Versions(h).Count == 300, s_runTimeout, () => worker.Output);
        Assert.Equal(200, Versions(h).Count(v => v == "2026.12.2-test"));
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, worker.ExitCode);
    }

    private static List<string> Versions(WorkerHarness h) =>
        [.. h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Select(d => System.Text.Encoding.UTF8.GetString(d.Decision.RulesetVersion))];

    private static string CopyRules()
    {
        string source = Path.Combine(Path.GetDirectoryName(WorkerProcess.HostDll)!, "rules", "default");
        string target = Directory.CreateTempSubdirectory("rules").FullName;
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private static int Decided(WorkerHarness h) => h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Count;

    private static int UniqueDecided(WorkerHarness h) => h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Select(d => d.ManifestId).Distinct().Count();

    internal static Dictionary<string, string> Settings(WorkerHarness h) => h.ProcessSettings();
}
