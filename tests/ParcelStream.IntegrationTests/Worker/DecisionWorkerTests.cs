using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;
using ParcelStream.DevTools.Mock;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>The worker against the librdkafka mock cluster: nothing lost, one decision per manifest, order kept.</summary>
public sealed class DecisionWorkerTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ManifestsAndBrokenMessages_OneDecisionPerManifestOrderKeptBrokenDeadLettered()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 4, singleDecisionTopic: true);
        const int Count = 2_000;
        List<(Message<byte[], byte[]> Message, string Code)> broken = TestManifests.Broken();
        var input = TestManifests.Valid(Count, keys: 300);
        input.InsertRange(Count / 2, broken.Select(b => b.Message));
        h.Produce(input);

        using IDecisionWorker worker = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count + broken.Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();
        await worker.Completion;

        List<ReadDecision> decisions = h.ReadDecisions(Count + 100);
        Assert.Equal(Count, decisions.Count);
        Assert.Equal(Count, decisions.Select(d => d.ManifestId).Distinct().Count());
        Assert.All(decisions, d => Assert.Equal(Encoding.UTF8.GetString(d.Decision.TrackingNumber), d.Key));
        Assert.All(decisions, d => Assert.Equal("test-1", Encoding.UTF8.GetString(d.Headers.GetLastBytes(DeadLetterHeaders.RulesetVersion))));

        // Per key, decisions come out in the order the manifests went in (manifest ids grow with the sequence).
        foreach (IGrouping<string, ReadDecision> key in decisions.GroupBy(d => d.Key))
        {
            string[] ids = [.. key.OrderBy(d => d.Offset).Select(d => d.ManifestId)];
            Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
            Assert.Single(key.Select(d => d.Partition).Distinct());
        }

        List<ConsumeResult<byte[], byte[]>> dead = h.ReadDeadLetters(broken.Count + 10);
        Assert.Equal(broken.Count, dead.Count);
        foreach ((Message<byte[], byte[]> message, string code) in broken)
        {
            ConsumeResult<byte[], byte[]> d = Assert.Single(dead, r => r.Message.Key.AsSpan().SequenceEqual(message.Key));
            Assert.Equal(code, Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(DeadLetterHeaders.ErrorCode)));
            Assert.Equal(h.Input, Encoding.UTF8.GetString(d.Message.Headers.GetLastBytes(DeadLetterHeaders.SourceTopic)));
            Assert.True(message.Value is null ? d.Message.Value is null : message.Value.AsSpan().SequenceEqual(d.Message.Value), "original bytes kept");
            foreach (IHeader original in message.Headers ?? [])
            {
                Assert.Equal(original.GetValueBytes(), d.Message.Headers.GetLastBytes(original.Key));
            }
        }

        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    [Fact]
    public async Task Run_PerOutcomeTopics_EachDecisionOnItsOutcomeTopicWithInputFraming()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2);
        const int Count = 300;
        h.Produce(TestManifests.Valid(Count, keys: Count));

        using IDecisionWorker worker = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();

        List<ReadDecision> decisions = h.ReadDecisions(Count + 10);
        Assert.Equal(Count, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(
            d.Decision.Outcome switch { Outcome.Inspect => h.Inspect, Outcome.Hold => h.Hold, _ => h.Release },
            d.Topic));
        Assert.Contains(decisions, d => d.Decision.Outcome == Outcome.Inspect);
        Assert.Contains(decisions, d => d.Decision.Outcome == Outcome.Hold);
        Assert.Contains(decisions, d => d.Decision.Outcome == Outcome.Release);
        Assert.Equal(worker.Counters.Decisions(Outcome.Inspect), decisions.Count(d => d.Decision.Outcome == Outcome.Inspect));
        Assert.All(decisions, d => Assert.True(d.Decision.HasSource && Encoding.UTF8.GetString(d.Decision.SourceTopic) == h.Input));

        // The record's timestamp is when it was decided, not when librdkafka queued it.
        Assert.All(decisions, d => Assert.Equal(d.Decision.DecidedAtMillis, d.TimestampMillis));
    }

    [Theory]
    [InlineData(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition)]
    [InlineData(KafkaApiKey.Produce, ErrorCode.RequestTimedOut)]
    [InlineData(KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition)]
    [InlineData(KafkaApiKey.OffsetCommit, ErrorCode.NotCoordinatorForGroup)]
    [InlineData(KafkaApiKey.OffsetCommit, ErrorCode.RequestTimedOut)]
    public async Task Run_RequestErrorsInjected_EveryManifestDecided(KafkaApiKey api, ErrorCode error)
    {
        var h = new WorkerHarness(fixture, inputPartitions: 3, singleDecisionTopic: true);
        const int Count = 1_000;
        h.Produce(TestManifests.Valid(Count / 2, keys: 200));

        using IDecisionWorker worker = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged > 50, s_runTimeout, () => "worker did not start deciding");
        fixture.Cluster.PushRequestErrors(api, 5, error);
        h.Produce(TestManifests.Valid(Count / 2, keys: 200, first: Count / 2));
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();
        fixture.Cluster.ClearRequestErrors(api);
        await worker.Completion;

        AssertEveryManifestDecided(h, Count);
        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    [Fact]
    public async Task Run_BrokerDownAndUp_EveryManifestDecided()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 3, singleDecisionTopic: true);
        const int Count = 1_000;
        h.Produce(TestManifests.Valid(Count / 2, keys: 200));

        using IDecisionWorker worker = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged > 50, s_runTimeout, () => "worker did not start deciding");
        fixture.Cluster.SetBrokerDown(2);
        await Task.Delay(1_500);
        fixture.Cluster.SetBrokerUp(2);
        h.Produce(TestManifests.Valid(Count / 2, keys: 200, first: Count / 2));
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();

        AssertEveryManifestDecided(h, Count);
    }

    [Fact]
    public async Task Run_ThreeWorkersOneLeavesMidRun_EveryManifestDecided()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 6, singleDecisionTopic: true);
        const int Count = 3_000;
        using IDecisionWorker a = h.StartWorker(h.Options(threads: 1));
        using IDecisionWorker b = h.StartWorker(h.Options(threads: 1));
        using IDecisionWorker c = h.StartWorker(h.Options(threads: 1));
        await WorkerHarness.WaitUntilAsync(() => a.AssignedPartitions + b.AssignedPartitions + c.AssignedPartitions == 6 && a.AssignedPartitions > 0 && b.AssignedPartitions > 0 && c.AssignedPartitions > 0, s_runTimeout, () => $"assignment {a.AssignedPartitions}/{b.AssignedPartitions}/{c.AssignedPartitions}");

        h.Produce(TestManifests.Valid(Count / 2, keys: 500));
        await WorkerHarness.WaitUntilAsync(() => Total() > Count / 4, s_runTimeout, () => $"{Total()} acknowledged");
        await b.StopAsync();
        h.Produce(TestManifests.Valid(Count / 2, keys: 500, first: Count / 2));
        await WorkerHarness.WaitUntilAsync(() => UniqueDecided(h) >= Count, s_runTimeout, () => $"{Total()} acknowledged");
        await a.StopAsync();
        await c.StopAsync();

        AssertEveryManifestDecided(h, Count);
        Assert.True(a.Counters.Consumed > 0 && b.Counters.Consumed > 0 && c.Counters.Consumed > 0, "all three workers took part");

        long Total() => a.Counters.Acknowledged + b.Counters.Acknowledged + c.Counters.Acknowledged;
    }

    private static int UniqueDecided(WorkerHarness h) => h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Select(d => d.ManifestId).Distinct().Count();

    /// <summary>At least once: every manifest has a decision; re-deliveries are identical apart from the decision time.</summary>
    private static void AssertEveryManifestDecided(WorkerHarness h, int count)
    {
        List<ReadDecision> decisions = h.ReadDecisions(count * 3);
        var byId = decisions.GroupBy(d => d.ManifestId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(count, byId.Count);
        foreach (List<ReadDecision> copies in byId.Values.Where(c => c.Count > 1))
        {
            Assert.All(copies, c => Assert.Equal(copies[0].Decision.Outcome, c.Decision.Outcome));
            Assert.All(copies, c => Assert.Equal(copies[0].Decision.RiskScore, c.Decision.RiskScore));
        }
    }
}
