using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec.Inspections;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.DevTools.Mock;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// Kafka faults injected into the mock cluster (in this process) under the real worker (`parcelstream run`, a child
/// process). Each test asserts that no manifest is lost (every one produced is decided), that a manifest decided twice
/// is decided the same way, and that the worker keeps running or exits with a one-line reason on stderr.
/// Run them alone with <c>dotnet test tests/ParcelStream.IntegrationTests --filter Category=KafkaFaults</c>.
/// </summary>
[Trait("Category", "KafkaFaults")]
public sealed class KafkaFaultTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(40);

    private MockCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Run_DecisionBrokerDownLongerThanMessageTimeout_ExitsWithReasonAndRestartLosesNothing()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);

        // The decisions on broker 3 only; the input, the dead letters and the group on broker 1, which stays up.
        Lead(h.Decisions, 3, broker: 3);
        Lead(h.Input, 2, broker: 1);
        Lead(h.DeadLetters, 1, broker: 1);
        Cluster.SetCoordinator("group", h.Group, 1);
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:Kafka:message.timeout.ms"] = "3000";
        h.Produce(TestManifests.Valid(100, keys: 100));

        using (WorkerProcess first = WorkerProcess.Start(settings))
        {
            await WaitDecidedAsync(h, first, 100);
            Cluster.SetBrokerDown(3);
            try
            {
                h.Produce(TestManifests.Valid(100, keys: 100, first: 100));
                await WorkerHarness.WaitUntilAsync(() => first.HasExited, s_timeout, () => $"still running with the decision broker down:\n{first.Output}");
            }
            finally
            {
                Cluster.SetBrokerUp(3);
            }

            AssertExitedWithReason(first, "Message timed out");
        }

        await RestartAndDrainAsync(h, settings, 200);
    }

    [Fact]
    public async Task Run_FeedbackBrokerDownLongerThanMessageTimeout_ExitsWithReason()
    {
        // Only the feedback join's repartition topic on broker 3: the decisions go on, the join's records time out.
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        var feedback = new FeedbackOptions();
        Lead(h.Input, 2, broker: 1);
        Lead(h.Decisions, 3, broker: 1);
        Lead(h.DeadLetters, 1, broker: 1);
        foreach (string topic in new[] { feedback.DecidedTopic, feedback.StatsTopic, feedback.ResultsTopic, feedback.ResultsDeadLetterTopic, feedback.RepartitionTopic })
        {
            // As the mock creates them on first use (4 partitions); an earlier test of this class may have.
            try
            {
                Cluster.CreateTopic(topic, 4);
            }
            catch (MockClusterException ex) when (ex.Error == ErrorCode.TopicAlreadyExists)
            {
            }

            Lead(topic, 4, broker: topic == feedback.RepartitionTopic ? 3 : 1);
        }

        Cluster.SetCoordinator("group", h.Group, 1);
        Cluster.SetCoordinator("group", h.Group + ".feedback", 1);
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:Kafka:message.timeout.ms"] = "3000";
        h.Produce(TestManifests.Valid(20, keys: 20));
        using WorkerProcess worker = WorkerProcess.Start(settings);
        await WaitDecidedAsync(h, worker, 20);
        Cluster.SetBrokerDown(3);
        try
        {
            var result = new InspectionReport("MF-0000001", InspectionOutcome.Found, "officer-1", 1_795_000_000_000);
            KafkaTestClient.ProduceAll(fixture.ProducerConfig(), feedback.ResultsTopic, [new Message<byte[], byte[]> { Key = "MF-0000001"u8.ToArray(), Value = InspectionReportWriter.ToArray(result, Codec.MessageFraming.Confluent) }]);
            await WorkerHarness.WaitUntilAsync(() => worker.HasExited, s_timeout, () => $"still running with the feedback broker down:\n{worker.Output}");
        }
        finally
        {
            Cluster.SetBrokerUp(3);
        }

        AssertExitedWithReason(worker, "inspection feedback stopped");
        Assert.Contains("Message timed out", worker.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InputTopicDeletedAndRecreated_EveryManifestOfTheNewTopicDecided()
    {
        (WorkerHarness h, WorkerProcess worker) = await StartDecidingAsync(60);
        using WorkerProcess running = worker;
        await WaitCommittedAsync(h, worker);

        Cluster.DeleteTopic(h.Input);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Cluster.CreateTopic(h.Input, 2);

        // More records than the old topic had: a worker resuming at its old committed offsets would skip the first ones.
        h.Produce(TestManifests.Valid(150, keys: 150, first: 60));
        await DrainAndCheckAsync(h, worker, 210);
    }

    [Fact]
    public async Task Run_LeadersAndCoordinatorMoved_KeepsRunningAndLosesNothing()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 3, singleDecisionTopic: true);
        Dictionary<string, string> settings = h.ProcessSettings();
        using WorkerProcess worker = WorkerProcess.Start(settings);
        for (int round = 0; round < 3; round++)
        {
            h.Produce(TestManifests.Valid(100, keys: 100, first: round * 100));
            int broker = 1 + ((round + 1) % 3);
            for (int p = 0; p < 3; p++)
            {
                Cluster.SetPartitionLeader(h.Input, p, 1 + ((p + round + 1) % 3));
                Cluster.SetPartitionLeader(h.Decisions, p, 1 + ((p + round + 2) % 3));
            }

            Cluster.SetCoordinator("group", h.Group, broker);
            await WaitDecidedAsync(h, worker, (round + 1) * 100);
        }

        await DrainAndCheckAsync(h, worker, 300);
    }

    [Fact]
    public async Task Run_FetchAndCommitNotAuthorizedForAWhile_KeepsRunningAndLosesNothing()
    {
        (WorkerHarness h, WorkerProcess worker) = await StartDecidingAsync(50);
        using WorkerProcess running = worker;
        Cluster.PushRequestErrors(KafkaApiKey.Fetch, 4, ErrorCode.TopicAuthorizationFailed);
        Cluster.PushRequestErrors(KafkaApiKey.OffsetCommit, 3, ErrorCode.GroupAuthorizationFailed);
        h.Produce(TestManifests.Valid(100, keys: 100, first: 50));
        await DrainAndCheckAsync(h, worker, 150);
        Assert.Contains("authorization failed", worker.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task FeedbackStatsReader_FetchNotAuthorizedForAWhile_KeepsReading()
    {
        // The process test above cannot tell which client takes the refused fetches: here the statistics reader takes them all.
        string topic = fixture.CreateTopic("stats", 1);
        using var table = new FeedbackStatsTable(topic, new Dictionary<string, string> { ["bootstrap.servers"] = fixture.BootstrapServers }, new RiskHistoryTable(new RiskHistoryOptions()), NullLogger.Instance);
        await table.StartAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        Cluster.PushRequestErrors(KafkaApiKey.Fetch, 3, ErrorCode.TopicAuthorizationFailed);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Cluster.ClearRequestErrors(KafkaApiKey.Fetch);

        var line = new FeedbackKey(FeedbackKind.Seller, "S-4411");
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), topic, [new Message<byte[], byte[]> { Key = StatsRecord.Key(line, 0), Value = StatsRecord.Value(new StatsLine(new EntityCounts(5, 2, 1), 7, 3)) }]);

        await WorkerHarness.WaitUntilAsync(() => table.Applied == 1, TimeSpan.FromSeconds(15), () => "the statistics record written after the refused fetches was not read");
        Assert.Equal(new EntityCounts(5, 2, 1), table.SharesOf(0)[line].Counts);
    }

    [Fact]
    public async Task Run_ProduceNotAuthorized_ExitsWithReasonAndRestartLosesNothing()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        Dictionary<string, string> settings = h.ProcessSettings();
        h.Produce(TestManifests.Valid(100, keys: 100));

        // A missing ACL on the decision topic: every Produce request refused, until the ACL is granted (cleared).
        Cluster.PushRequestErrors(KafkaApiKey.Produce, 1_000, ErrorCode.TopicAuthorizationFailed);
        try
        {
            using WorkerProcess first = WorkerProcess.Start(settings);
            await WorkerHarness.WaitUntilAsync(() => first.HasExited, s_timeout, () => $"still running with every Produce refused:\n{first.Output}");
            AssertExitedWithReason(first, "authorization failed");
        }
        finally
        {
            Cluster.ClearRequestErrors(KafkaApiKey.Produce);
        }

        await RestartAndDrainAsync(h, settings, 100);
    }

    [Fact]
    public async Task Run_HighRoundTripTime_KeepsRunningAndLosesNothing()
    {
        (WorkerHarness h, WorkerProcess worker) = await StartDecidingAsync(50);
        using WorkerProcess running = worker;

        // 1.5 s each way and back on every broker: longer than the worker's fetch wait, a quarter of its session timeout.
        SetRtt(TimeSpan.FromMilliseconds(1_500));
        try
        {
            h.Produce(TestManifests.Valid(100, keys: 100, first: 50));
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.False(worker.HasExited, worker.Output);
        }
        finally
        {
            SetRtt(TimeSpan.Zero);
        }

        await DrainAndCheckAsync(h, worker, 150);
    }

    [Fact]
    public async Task Run_CommittedOffsetDeletedByRetention_ResumesAtLogStartAndSaysWhatWasSkipped()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        Dictionary<string, string> settings = h.ProcessSettings();
        h.Produce(TestManifests.Valid(40, keys: 1_000));
        using (WorkerProcess first = WorkerProcess.Start(settings))
        {
            await WaitDecidedAsync(h, first, 40);
            await WaitCommittedAsync(h, first);
            Assert.True(first.Terminate(TimeSpan.FromSeconds(30)), first.Output);
        }

        // More manifests while no worker runs, then retention deletes all but the last 3 of each partition: the
        // committed offset is now below the log start, and the manifests in between were never decided.
        Dictionary<int, long> committed = h.CommittedOffsets();
        h.Produce(TestManifests.Valid(40, keys: 1_000, first: 40));
        Dictionary<int, long> end = h.EndOffsets();
        for (int p = 0; p < 2; p++)
        {
            Assert.True(end[p] - 3 > committed[p], $"partition {p}: too few new records ({committed[p]} to {end[p]})");
            Cluster.DeleteRecords(h.Input, p, end[p] - 3);
        }

        List<string> kept = [.. h.ReadTopic(h.Input, TimeSpan.FromSeconds(10)).Select(r => "MF-0" + Encoding.UTF8.GetString(r.Message.Key)[2..])];
        Assert.Equal(6, kept.Count);
        using WorkerProcess second = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => second.HasExited || kept.All(Decided(h).Contains), s_timeout, () => second.Output);
        Assert.False(second.HasExited, second.Output);
        Assert.True(second.Terminate(TimeSpan.FromSeconds(30)), second.Output);
        Assert.Equal(0, second.ExitCode);
        AssertIdenticalDuplicates(h);
        for (int p = 0; p < 2; p++)
        {
            long skipped = end[p] - 3 - committed[p];
            Assert.Contains($"{h.Input} [{p}]: committed offset {committed[p]} is before the log start {end[p] - 3}: {skipped} records deleted by retention were never decided", second.Output, StringComparison.Ordinal);
        }

        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    /// <summary>A worker on a new 2-partition input topic that has decided <paramref name="count"/> manifests; the caller disposes it.</summary>
    private async Task<(WorkerHarness H, WorkerProcess Worker)> StartDecidingAsync(int count)
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        h.Produce(TestManifests.Valid(count, keys: count));
        WorkerProcess worker = WorkerProcess.Start(h.ProcessSettings());
        await WaitDecidedAsync(h, worker, count);
        return (h, worker);
    }

    private void Lead(string topic, int partitions, int broker)
    {
        for (int p = 0; p < partitions; p++)
        {
            Cluster.SetPartitionLeader(topic, p, broker);
        }
    }

    private void SetRtt(TimeSpan rtt)
    {
        for (int broker = 1; broker <= Cluster.BrokerCount; broker++)
        {
            Cluster.SetBrokerRtt(broker, rtt);
        }
    }

    private static HashSet<string> Decided(WorkerHarness h) => [.. h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Select(d => d.ManifestId)];

    private static async Task WaitDecidedAsync(WorkerHarness h, WorkerProcess worker, int count) =>
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || Decided(h).Count >= count, s_timeout, () => $"{Decided(h).Count} of {count} decided; output:\n{worker.Output}");

    private static async Task WaitCommittedAsync(WorkerHarness h, WorkerProcess worker)
    {
        Dictionary<int, long> end = h.EndOffsets();
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || h.CommittedOffsets().SequenceEqual(end), s_timeout, () => worker.Output);
        Assert.False(worker.HasExited, worker.Output);
    }

    /// <summary>Starts a worker again after a fault that stopped the first, and checks it decides and commits everything.</summary>
    private static async Task RestartAndDrainAsync(WorkerHarness h, Dictionary<string, string> settings, int count)
    {
        using WorkerProcess second = WorkerProcess.Start(settings);
        await DrainAndCheckAsync(h, second, count);
    }

    /// <summary>
    /// Waits for <paramref name="count"/> decisions, then SIGTERM: the worker must still be running, exit 0, have decided
    /// ids MF-0000000.. of <paramref name="count"/>, the same way each time, and committed everything.
    /// </summary>
    private static async Task DrainAndCheckAsync(WorkerHarness h, WorkerProcess worker, int count)
    {
        await WaitDecidedAsync(h, worker, count);
        Assert.False(worker.HasExited, worker.Output);
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM:\n{worker.Output}");
        Assert.True(worker.ExitCode == 0, $"exit code {worker.ExitCode}:\n{worker.Output}");
        HashSet<string> decided = AssertIdenticalDuplicates(h);
        List<string> lost = [.. Enumerable.Range(0, count).Select(i => "MF-" + i.ToString("D7", CultureInfo.InvariantCulture)).Where(id => !decided.Contains(id))];
        Assert.True(lost.Count == 0, $"{lost.Count} manifests lost: {string.Join(", ", lost.Take(10))}");
        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    /// <summary>Reads every decision; a manifest decided more than once must have the same outcome, reasons, score, version and source each time.</summary>
    /// <returns>The ids decided.</returns>
    private static HashSet<string> AssertIdenticalDuplicates(WorkerHarness h)
    {
        var byId = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (ReadDecision d in h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(10)))
        {
            if (!byId.TryGetValue(d.ManifestId, out HashSet<string>? signatures))
            {
                byId[d.ManifestId] = signatures = [];
            }

            signatures.Add(Signature(d));
        }

        List<string> different = [.. byId.Where(kv => kv.Value.Count > 1).Select(kv => $"{kv.Key}: {string.Join(" / ", kv.Value)}")];
        Assert.True(different.Count == 0, $"decided differently: {string.Join("; ", different.Take(5))}");
        return [.. byId.Keys];
    }

    private static string Signature(ReadDecision d)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{d.Decision.Outcome} {d.Decision.Kind} {d.Decision.RiskScore:R} {Encoding.UTF8.GetString(d.Decision.RulesetVersion)} {d.Decision.SourcePartition}/{d.Decision.SourceOffset}");
        for (int i = 0; i < d.Decision.ReasonCount; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $" {Encoding.UTF8.GetString(d.Decision.ReasonRuleId(i))}:{Encoding.UTF8.GetString(d.Decision.ReasonCode(i))}:{Encoding.UTF8.GetString(d.Decision.ReasonDetail(i))}");
        }

        return s.ToString();
    }

    /// <summary>The worker exited on its own with exit code 1 and, as the last line on stderr, one line that names the cause.</summary>
    private static void AssertExitedWithReason(WorkerProcess worker, string cause)
    {
        Assert.True(worker.HasExited, worker.Output);
        Assert.True(worker.ExitCode == 1, $"exit code {worker.ExitCode}:\n{worker.Output}");
        string[] lines = worker.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length > 0 && lines[^1].StartsWith("parcelstream run: ", StringComparison.Ordinal) && lines[^1].Contains(cause, StringComparison.OrdinalIgnoreCase),
            $"the last line on stderr does not say why ({cause}); stderr:\n{worker.Errors}");
    }
}
