using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.State;
using static ParcelStream.IntegrationTests.Worker.StatefulHarness;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// The stateful stages' internal topics against the real worker process: missing on a fresh cluster (the mock cannot
/// create them on request), and partition counts that stop matching while the worker runs.
/// </summary>
public sealed class InternalTopicsTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_StatefulOnFreshClusterWithoutInternalTopics_NotReadyWithTheReasonThenDecidesOnceTheyExist()
    {
        // 6 input partitions, as `parcelstream cluster` makes them: a topic the mock creates on first use gets 4.
        var h = new WorkerHarness(fixture, inputPartitions: 6, singleDecisionTopic: true);
        var state = new StateOptions { Enabled = true, ApplicationId = "fresh" + Guid.NewGuid().ToString("N")[..8] };
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:State:Enabled"] = "true";
        settings["ParcelStream:State:ApplicationId"] = state.ApplicationId;

        // The consumer's own metadata refresh (the harness makes it 1 s) would hide a subscription made too early.
        settings.Remove("ParcelStream:Kafka:topic.metadata.refresh.interval.ms");
        h.Produce(TestManifests.Valid(1, keys: 1));

        using WorkerProcess worker = WorkerProcess.Start(settings);
        int port = await worker.MetricsPortAsync(s_timeout);

        // Not ready, and /readyz says which topic is missing (the old worker said ready with "0 partitions").
        (int Status, string Body) ready = default;
        await WorkerHarness.WaitUntilAsync(
            () => worker.HasExited || ((ready = WorkerProcess.ReadinessAsync(port).GetAwaiter().GetResult()).Status == 503 && ready.Body.Contains(state.RepartitionTopic, StringComparison.Ordinal)),
            s_timeout,
            () => $"readyz {ready.Status} {ready.Body}\n{worker.Output}");
        Assert.False(worker.HasExited, worker.Output);
        Assert.Contains("missing", ready.Body, StringComparison.Ordinal);
        Assert.Empty(h.ReadDecisions(1, TimeSpan.FromSeconds(2)));

        // An operator (here: the mock's API) creates them: the worker picks them up and decides, without a restart.
        fixture.Cluster.CreateTopic(state.RepartitionTopic, 6);
        fixture.Cluster.CreateTopic(state.ChangelogTopic, 6);
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || h.ReadDecisions(1, TimeSpan.FromSeconds(3)).Count == 1, s_timeout, () => worker.Output);
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || WorkerProcess.ReadinessAsync(port).GetAwaiter().GetResult().Status == 200, s_timeout, () => worker.Output);
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), worker.Output);
        Assert.Equal(0, worker.ExitCode);
        Dictionary<int, long> committed = h.CommittedOffsets();
        Assert.All(h.EndOffsets().Where(e => e.Value > 0), e => Assert.Equal(e.Value, committed[e.Key]));
    }

    [Fact]
    public async Task Run_PartitionsAddedToTheInputTopic_WorkerStopsWithTheReasonAndNothingIsLost()
    {
        var h = new StatefulHarness(fixture, singleDecisionTopic: true);
        Dictionary<string, string> settings = WorkerProcessTests.Settings(h.Pipeline);
        settings["ParcelStream:State:Enabled"] = "true";
        settings["ParcelStream:State:ApplicationId"] = h.State.ApplicationId;
        using (WorkerProcess first = WorkerProcess.Start(settings))
        {
            for (int n = 31; n < 35; n++)
            {
                h.Produce(Parcel(n, 1_000 * n, T0 + (n * Hour)), partition: n);
            }

            for (int n = 31; n < 35; n++)
            {
                await h.WaitForAsync($"MF-STATE-{n:D5}", describe: () => first.Output);
            }

            // The mock has no CreatePartitions: the closest it offers is the topic recreated with more partitions. What
            // differs from Kafka: the old records and offsets are gone (Kafka keeps partitions 0-3 as they were).
            fixture.Cluster.DeleteTopic(h.Pipeline.Input);
            fixture.Cluster.CreateTopic(h.Pipeline.Input, h.Partitions + 2);

            await WorkerHarness.WaitUntilAsync(() => first.HasExited, s_timeout, () => $"the worker went on with 6 input and 4 repartition partitions:\n{first.Output}");
            Assert.True(first.ExitCode == 1, $"exit code {first.ExitCode}:\n{first.Output}");
            Assert.Contains("partitions differ", first.Output, StringComparison.Ordinal);
            Assert.Contains($"input topic '{h.Pipeline.Input}' has 6", first.Output, StringComparison.Ordinal);
        }

        // Nothing decided before the change was lost, and a manifest decided twice was decided identically.
        List<ReadDecision> all = h.ReadAll();
        for (int n = 31; n < 35; n++)
        {
            Assert.Contains(all, d => d.ManifestId == $"MF-STATE-{n:D5}" && d.Decision.Kind == DecisionKind.Initial);
        }

        foreach (IGrouping<string, ReadDecision> same in all.Where(d => d.Decision.Kind == DecisionKind.Initial).GroupBy(d => d.ManifestId))
        {
            Assert.Single(same.Select(Describe).Distinct());
        }

        // Restarted as an orchestrator would: not ready, saying why, and deciding nothing meanwhile.
        using WorkerProcess second = WorkerProcess.Start(settings);
        int port = await second.MetricsPortAsync(s_timeout);
        (int Status, string Body) ready = default;
        await WorkerHarness.WaitUntilAsync(
            () => second.HasExited || ((ready = WorkerProcess.ReadinessAsync(port).GetAwaiter().GetResult()).Status == 503 && ready.Body.Contains("partitions differ", StringComparison.Ordinal)),
            s_timeout,
            () => $"readyz {ready.Status} {ready.Body}\n{second.Output}");
        h.Produce(Parcel(40, 1_000, T0), partition: 5);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(h.ReadAll(), d => d.ManifestId == "MF-STATE-00040");
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), second.Output);
    }
}
