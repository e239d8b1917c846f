using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Worker;
using Xunit.Abstractions;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// A rebalance in which a member is killed (SIGKILL: no revoke, no commit, no LeaveGroup), with manifests arriving all
/// along, two real worker processes and the group settings they ship with (no test speed-ups). Prints the recovery
/// time: from the kill to the first decision on a partition the killed worker owned.
/// </summary>
public sealed class MemberKilledTests(MockClusterFixture fixture, ITestOutputHelper output) : IClassFixture<MockClusterFixture>
{
    private const int Partitions = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Run_MemberKilledMidStream_SurvivorTakesOverWithinTheSessionTimeoutNothingLost()
    {
        var h = new WorkerHarness(fixture, Partitions, singleDecisionTopic: true);
        (TimeSpan first, TimeSpan last) = await KillOneOfTwoAsync(h, Settings(h), restartKilled: false);

        // Detection takes the session timeout; then the survivor's next heartbeat (3 s), a rebalance and a fetch: 17.3 s
        // measured here on a loaded machine (86.7 s before, with librdkafka's 45 s session timeout).
        TimeSpan limit = TimeSpan.FromMilliseconds(WorkerOptions.DefaultSessionTimeoutMs) + TimeSpan.FromSeconds(15);
        Assert.True(last <= limit, $"the survivor took {last.TotalSeconds:0.0} s (first decision after {first.TotalSeconds:0.0} s); the limit is {limit.TotalSeconds:0} s");
    }

    [Fact]
    public async Task Run_StaticMemberKilledAndRestartedWithItsId_PartitionsDecidedAgainWithinTheSessionTimeoutNothingLost()
    {
        // On Kafka the restarted static member gets its partitions back without a rebalance, as soon as it has started.
        // The mock's coordinator does not keep static members (measured: 12.1-12.3 s, like a new member after the
        // session timeout), so only the bound that holds either way is asserted here; the figure is printed.
        var h = new WorkerHarness(fixture, Partitions, singleDecisionTopic: true);
        Dictionary<string, string> settings = Settings(h);
        settings["ParcelStream:Worker:GroupInstanceId"] = "{member}";
        (TimeSpan first, TimeSpan last) = await KillOneOfTwoAsync(h, settings, restartKilled: true);
        TimeSpan limit = TimeSpan.FromMilliseconds(WorkerOptions.DefaultSessionTimeoutMs) + TimeSpan.FromSeconds(15);
        Assert.True(last <= limit, $"decided again after {last.TotalSeconds:0.0} s (first {first.TotalSeconds:0.0} s); the limit is {limit.TotalSeconds:0} s");
    }

    /// <summary>The process settings with librdkafka's and the worker's own group defaults (the harness shortens them).</summary>
    private static Dictionary<string, string> Settings(WorkerHarness h)
    {
        Dictionary<string, string> settings = h.ProcessSettings();
        settings.Remove("ParcelStream:Kafka:session.timeout.ms");
        settings.Remove("ParcelStream:Kafka:heartbeat.interval.ms");
        return settings;
    }

    /// <summary>
    /// Starts two workers, produces to every partition all along, kills the first with SIGKILL (and restarts it with the
    /// same settings when asked), then checks that every manifest was decided and duplicates are identical.
    /// </summary>
    /// <returns>From the kill to the first decision on the killed member's partitions: the earliest and the latest partition.</returns>
    private async Task<(TimeSpan First, TimeSpan Last)> KillOneOfTwoAsync(WorkerHarness h, Dictionary<string, string> settings, bool restartKilled)
    {
        using var producing = new CancellationTokenSource();
        var produced = new ConcurrentBag<string>();
        WorkerProcess a = WorkerProcess.Start(Member(settings, "a"));
        WorkerProcess? b = null;
        WorkerProcess? restarted = null;
        Task producer = Task.CompletedTask;
        try
        {
            await WorkerHarness.WaitUntilAsync(() => a.HasExited || Owned(a, h.Input).Count == Partitions, s_timeout, () => a.Output);
            producer = Task.Run(() => Produce(h.Input, produced, producing.Token));
            b = WorkerProcess.Start(Member(settings, "b"));
            await WorkerHarness.WaitUntilAsync(() => b.HasExited || (Owned(b, h.Input).Count > 0 && Owned(a, h.Input).Count + Owned(b, h.Input).Count == Partitions), s_timeout, () => $"a:\n{a.Output}\nb:\n{b.Output}");
            await Task.Delay(TimeSpan.FromSeconds(2));

            HashSet<int> killed = Owned(a, h.Input);
            a.Kill();

            // Taken once the process is gone: every decision stamped later is the survivor's (or the restarted one's).
            long killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (restartKilled)
            {
                restarted = WorkerProcess.Start(Member(settings, "a"));
            }

            var firstAfterKill = new Dictionary<int, long>();
            await WorkerHarness.WaitUntilAsync(
                () =>
                {
                    foreach (ReadDecision d in h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)))
                    {
                        int p = d.Decision.SourcePartition;
                        if (killed.Contains(p) && d.TimestampMillis >= killedAt && (!firstAfterKill.TryGetValue(p, out long t) || d.TimestampMillis < t))
                        {
                            firstAfterKill[p] = d.TimestampMillis;
                        }
                    }

                    return firstAfterKill.Count == killed.Count;
                },
                s_timeout,
                () => $"partitions {string.Join(",", killed)} of the killed worker; decided again: {string.Join(",", firstAfterKill.Keys)}\nb:\n{b.Output}\nrestarted:\n{restarted?.Output}");
            TimeSpan first = TimeSpan.FromMilliseconds(firstAfterKill.Values.Min() - killedAt);
            TimeSpan last = TimeSpan.FromMilliseconds(firstAfterKill.Values.Max() - killedAt);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recovery after kill -9 ({(restartKilled ? "restarted with the same settings" : "not restarted")}): killed member owned partitions {string.Join(",", killed)}; first decision on them after {first.TotalSeconds:0.0} s, on the last of them after {last.TotalSeconds:0.0} s"));

            await producing.CancelAsync();
            await producer;
            HashSet<string> expected = [.. produced];
            List<ReadDecision> decisions = [];
            await WorkerHarness.WaitUntilAsync(
                () => (decisions = h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5))).Select(d => d.ManifestId).ToHashSet().IsSupersetOf(expected),
                s_timeout,
                () => $"{expected.Count - decisions.Select(d => d.ManifestId).Intersect(expected).Count()} of {expected.Count} manifests undecided\nb:\n{b.Output}");

            // At least once: what the killed member had not committed was decided again, identically.
            foreach (IGrouping<string, ReadDecision> same in decisions.GroupBy(d => d.ManifestId))
            {
                Assert.Single(same.Select(StatefulHarness.Describe).Distinct());
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{expected.Count} manifests produced, all decided, {decisions.Count - expected.Count} decided twice (identically)"));
            Assert.True(b.Terminate(TimeSpan.FromSeconds(30)), b.Output);
            Assert.Equal(0, b.ExitCode);
            return (first, last);
        }
        finally
        {
            await producing.CancelAsync();
            await producer;
            a.Dispose();
            b?.Dispose();
            restarted?.Dispose();
        }
    }

    /// <summary>The settings of one member; "{member}" in a value becomes the member's name (e.g. a static member id).</summary>
    private static Dictionary<string, string> Member(Dictionary<string, string> settings, string name) =>
        settings.ToDictionary(kv => kv.Key, kv => kv.Value.Replace("{member}", "member-" + name, StringComparison.Ordinal));

    /// <summary>The input partitions a worker owns, from its log of assignments, revocations and losses.</summary>
    private static HashSet<int> Owned(WorkerProcess worker, string topic)
    {
        var owned = new HashSet<int>();
        var partition = new Regex(Regex.Escape(topic) + @" \[+(\d+)\]+");
        foreach (string line in worker.Output.Split('\n'))
        {
            bool assigned = line.Contains("Partitions assigned:", StringComparison.Ordinal);
            if (!assigned && !line.Contains("Partitions revoked:", StringComparison.Ordinal) && !line.Contains("Partitions lost", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in partition.Matches(line))
            {
                int p = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (assigned)
                {
                    owned.Add(p);
                }
                else
                {
                    owned.Remove(p);
                }
            }
        }

        return owned;
    }

    /// <summary>One manifest to each partition every 50 ms until cancelled; records the ids delivered.</summary>
    private void Produce(string topic, ConcurrentBag<string> produced, CancellationToken stop)
    {
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(fixture.ProducerConfig()).Build();
        int sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            for (int p = 0; p < Partitions; p++)
            {
                ManifestRecord m = TestManifests.Create(sequence++, "TNKILL" + sequence.ToString("D6", CultureInfo.InvariantCulture));
                string id = m.ManifestId;
                producer.Produce(
                    new TopicPartition(topic, p),
                    new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(id), Value = ManifestEncoder.ToBytes(m, MessageFraming.Confluent) },
                    report =>
                    {
                        if (!report.Error.IsError)
                        {
                            produced.Add(id);
                        }
                    });
            }

            Thread.Sleep(50);
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
