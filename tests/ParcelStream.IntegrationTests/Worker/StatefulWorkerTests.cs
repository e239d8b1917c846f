using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Worker;
using static ParcelStream.IntegrationTests.Worker.StatefulHarness;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// The stateful stages against the mock cluster: repartition by consignee, changelogged stores restored on assignment,
/// split shipments with amendments, duplicates and re-deliveries, a real kill and a rebalance.
/// </summary>
public sealed class StatefulWorkerTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    [Fact]
    public async Task Run_SplitGroupOverInputPartitionsWithArbitraryKeys_LastHeldEarlierAmendedDuplicatesFlagged()
    {
        var h = new StatefulHarness(fixture);
        using IDecisionWorker worker = h.StartWorker();

        // One consignee, spelled three ways, on three input partitions under random keys: 60 + 70 + 80 EUR.
        h.Produce(Parcel(1, 6_000, T0), partition: 0);
        await h.WaitForAsync("MF-STATE-00001");
        h.Produce(Parcel(2, 7_000, T0 + Hour, consigneeName: "JURGEN MULLER"), partition: 1);
        await h.WaitForAsync("MF-STATE-00002");
        h.Produce(Parcel(3, 8_000, T0 + (2 * Hour), consigneeName: "jürgen  müller."), partition: 2);
        // The third decision and the two amendments go to different partitions and are acknowledged in any order; each
        // read is a snapshot taken later than the one before, so the last holds all three.
        await h.WaitForAsync("MF-STATE-00003");
        await h.WaitForAsync("MF-STATE-00001", DecisionKind.Amendment);
        List<ReadDecision> all = await h.WaitForAsync("MF-STATE-00002", DecisionKind.Amendment);

        ReadDecision first = Single(all, "MF-STATE-00001", DecisionKind.Initial);
        ReadDecision third = Single(all, "MF-STATE-00003", DecisionKind.Initial);
        Assert.Equal((Outcome.Release, h.Pipeline.Release), (first.Decision.Outcome, first.Topic));
        Assert.Equal((Outcome.Hold, h.Pipeline.Hold), (third.Decision.Outcome, third.Topic));
        Assert.Contains("SPLIT_SHIPMENT", Codes(third.Decision));
        Assert.Equal(["MF-STATE-00001", "MF-STATE-00002"], Related(third.Decision));

        // The decision names the input record, not the internal repartition topic.
        Assert.Equal(h.Pipeline.Input, Encoding.UTF8.GetString(third.Decision.SourceTopic));
        Assert.Equal(2, third.Decision.SourcePartition);

        foreach ((string id, string[] related) in new[] { ("MF-STATE-00001", new[] { "MF-STATE-00002", "MF-STATE-00003" }), ("MF-STATE-00002", ["MF-STATE-00001", "MF-STATE-00003"]) })
        {
            ReadDecision amendment = Single(all, id, DecisionKind.Amendment);
            Assert.Equal((Outcome.Hold, h.Pipeline.Hold), (amendment.Decision.Outcome, amendment.Topic));
            Assert.Equal(["SPLIT_SHIPMENT"], Codes(amendment.Decision));
            Assert.Equal(related, Related(amendment.Decision));
        }

        // The same manifest again, under another key on another partition: the identical decision, no new amendment.
        h.Produce(Parcel(3, 8_000, T0 + (2 * Hour), consigneeName: "jürgen  müller."), partition: 3);
        all = await h.WaitForAsync("MF-STATE-00003", count: 2);
        List<ReadDecision> thirds = [.. all.Where(d => d.ManifestId == "MF-STATE-00003")];
        Assert.Equal(Describe(thirds[0]), Describe(thirds[1]));

        // The first parcel's tracking number with other content: DUPLICATE_MANIFEST.
        h.Produce(Parcel(4, 2_500, T0 + (3 * Hour), tracking: "TN-STATE-00001"), partition: 1);
        all = await h.WaitForAsync("MF-STATE-00004");
        ReadDecision duplicate = Single(all, "MF-STATE-00004", DecisionKind.Initial);
        Assert.Equal(Outcome.Hold, duplicate.Decision.Outcome);
        Assert.Contains("DUPLICATE_MANIFEST", Codes(duplicate.Decision));
        Assert.Contains("MF-STATE-00001", Related(duplicate.Decision));
        Assert.Equal(2, all.Count(d => d.Decision.Kind == DecisionKind.Amendment));

        await worker.StopAsync();
        Assert.Equal(h.Pipeline.EndOffsets(), h.Pipeline.CommittedOffsets());
    }

    [Fact]
    public async Task Run_StoreMovesToAnotherWorkerOnRebalance_WindowStillSeesEarlierParcels()
    {
        var h = new StatefulHarness(fixture);
        IDecisionWorker a = h.StartWorker();
        h.Produce(Parcel(11, 6_000, T0), partition: 0);
        h.Produce(Parcel(12, 7_000, T0 + Hour, consigneeName: "Jurgen Muller"), partition: 3);
        await h.WaitForAsync("MF-STATE-00011");
        await h.WaitForAsync("MF-STATE-00012");

        using IDecisionWorker b = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => b.AssignedPartitions > 0, TimeSpan.FromSeconds(60), () => "the second worker got no partition");
        await a.StopAsync();
        a.Dispose();
        await WorkerHarness.WaitUntilAsync(() => b.AssignedPartitions == 2 * h.Partitions, TimeSpan.FromSeconds(60), () => $"the second worker has {b.AssignedPartitions} partitions");
        Assert.True(b.State!.RestoredRecords >= 2, $"restored {b.State.RestoredRecords} changelog records");

        h.Produce(Parcel(13, 8_000, T0 + (2 * Hour)), partition: 1);
        List<ReadDecision> all = await h.WaitForAsync("MF-STATE-00013");
        ReadDecision third = Single(all, "MF-STATE-00013", DecisionKind.Initial);
        Assert.Contains("SPLIT_SHIPMENT", Codes(third.Decision));
        // Produced together to two input partitions: either may have reached the store first.
        Assert.Equal(["MF-STATE-00011", "MF-STATE-00012"], Related(third.Decision).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_WorkerProcessKilledAndRestarted_WindowStillSeesEarlierParcels()
    {
        var h = new StatefulHarness(fixture, singleDecisionTopic: true);
        Dictionary<string, string> settings = ProcessSettings(h);
        using (WorkerProcess first = WorkerProcess.Start(settings))
        {
            h.Produce(Parcel(21, 6_000, T0), partition: 0);
            h.Produce(Parcel(22, 7_000, T0 + Hour, consigneeName: "JÜRGEN MÜLLER"), partition: 1);
            await h.WaitForAsync("MF-STATE-00021", describe: () => first.Output);
            await h.WaitForAsync("MF-STATE-00022", describe: () => first.Output);
            first.Kill();
        }

        using WorkerProcess second = WorkerProcess.Start(settings);
        h.Produce(Parcel(23, 8_000, T0 + (2 * Hour)), partition: 2);
        List<ReadDecision> all = await h.WaitForAsync("MF-STATE-00023", describe: () => second.Output);
        bool stopped = second.Terminate(TimeSpan.FromSeconds(30));

        // Every assertion below names the decisions and the restarted worker's log: a failure on a CI machine must say why.
        string Context() => $"decisions: {string.Join("; ", all.Select(Describe))}\nworker output:\n{second.Output}";
        Assert.True(stopped, Context());
        Assert.True(second.ExitCode == 0, $"exit code {second.ExitCode}; {Context()}");

        ReadDecision third = Single(all, "MF-STATE-00023", DecisionKind.Initial);
        Assert.True(Codes(third.Decision).Contains("SPLIT_SHIPMENT"), Context());
        Assert.True(Related(third.Decision).Order(StringComparer.Ordinal).SequenceEqual(["MF-STATE-00021", "MF-STATE-00022"]), Context());

        // Whatever the kill left uncommitted was decided again, identically.
        foreach (IGrouping<string, ReadDecision> decisions in all.Where(d => d.Decision.Kind == DecisionKind.Initial).GroupBy(d => d.ManifestId))
        {
            Assert.True(decisions.Select(Describe).Distinct().Count() == 1, Context());
        }

        Assert.True(second.Output.Contains("restored", StringComparison.OrdinalIgnoreCase), Context());
    }

    private static ReadDecision Single(List<ReadDecision> all, string manifestId, DecisionKind kind) =>
        Assert.Single(all, d => d.ManifestId == manifestId && d.Decision.Kind == kind);

    private static Dictionary<string, string> ProcessSettings(StatefulHarness h)
    {
        Dictionary<string, string> settings = WorkerProcessTests.Settings(h.Pipeline);
        settings["ParcelStream:State:Enabled"] = "true";
        settings["ParcelStream:State:ApplicationId"] = h.State.ApplicationId;
        return settings;
    }
}
