using ParcelStream.Pipeline.Worker;

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
    public async Task Run_InvalidSetting_ExitsWithMessageNamingTheKey()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        Dictionary<string, string> settings = Settings(h);
        settings["ParcelStream:Worker:MaxInFlight"] = "0";
        using WorkerProcess process = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => process.HasExited, TimeSpan.FromSeconds(30), () => process.Output);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("ParcelStream:Worker:MaxInFlight", process.Output, StringComparison.Ordinal);
    }

    private static int Decided(WorkerHarness h) => h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Count;

    private static int UniqueDecided(WorkerHarness h) => h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Select(d => d.ManifestId).Distinct().Count();

    private static Dictionary<string, string> Settings(WorkerHarness h)
    {
        WorkerOptions o = h.Options();
        var settings = new Dictionary<string, string>
        {
            ["ParcelStream:Worker:BootstrapServers"] = o.BootstrapServers,
            ["ParcelStream:Worker:GroupId"] = o.GroupId,
            ["ParcelStream:Worker:InputTopic"] = o.InputTopic,
            ["ParcelStream:Worker:DecisionTopic"] = o.DecisionTopic!,
            ["ParcelStream:Worker:DeadLetterTopic"] = o.DeadLetterTopic,
            ["ParcelStream:Worker:CommitIntervalMs"] = "200",
            ["ParcelStream:Rules:WatchForChanges"] = "false",
        };
        foreach ((string key, string value) in WorkerHarness.FastGroupSettings())
        {
            settings["ParcelStream:Kafka:" + key] = value;
        }

        return settings;
    }
}
