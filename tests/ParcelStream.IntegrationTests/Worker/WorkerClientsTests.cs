using System.Text;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>The worker with independent clients (kcat) and with exactly-once transactions, against the mock cluster.</summary>
public sealed class WorkerClientsTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ManifestsProducedWithKcat_DecidedAndDecisionsReadableWithKcat()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        string dir = Directory.CreateTempSubdirectory("kcat-in").FullName;
        const int Count = 40;
        var files = new List<string>();
        for (int i = 0; i < Count; i++)
        {
            string file = Path.Combine(dir, $"m{i:D3}.avro");
            File.WriteAllBytes(file, ManifestEncoder.ToBytes(TestManifests.Create(i, $"KC{i:D4}"), i % 2 == 0 ? MessageFraming.SingleObject : MessageFraming.Raw));
            files.Add(file);
        }

        // Each file becomes one message.
        Kcat.Run(["-P", "-b", fixture.BootstrapServers, "-t", h.Input, .. files]);

        using IDecisionWorker worker = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();
        Assert.Equal(0, worker.Counters.DeadLettered);

        byte[] output = Kcat.Run(["-C", "-b", fixture.BootstrapServers, "-t", h.Decisions, "-o", "beginning", "-e", "-q", "-f", "%S %s"]);
        List<byte[]> payloads = Kcat.SplitSized(output);
        Assert.Equal(Count, payloads.Count);
        var ids = new HashSet<string>();
        foreach (byte[] payload in payloads)
        {
            var d = new CustomsDecision();
            AvroError error = DecisionReader.Read(payload, d);
            Assert.False(error.IsError, error.ToString());
            string id = Encoding.UTF8.GetString(d.ManifestId);
            ids.Add(id);

            // The decision mirrors its manifest's framing: even manifests went in single-object, odd ones raw.
            bool singleObject = int.Parse(id.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture) % 2 == 0;
            Assert.Equal(singleObject, payload[0] == FrameHeader.SingleObjectMarker0 && payload[1] == FrameHeader.SingleObjectMarker1);
        }

        Assert.Equal(Count, ids.Count);
    }

    [Fact]
    public async Task Run_ExactlyOnce_OneDecisionPerManifestAndTransactionsCommitted()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 3, singleDecisionTopic: true);
        const int Count = 1_500;
        h.Produce(TestManifests.Valid(Count, keys: 400));
        WorkerOptions options = h.Options();
        options.ExactlyOnce = true;
        options.TransactionalId = "parcelstream-test-" + h.Group;

        using IDecisionWorker worker = h.StartWorker(options);
        await WorkerHarness.WaitUntilAsync(() => worker.Counters.Acknowledged >= Count, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        await worker.StopAsync();
        await worker.Completion;

        List<ReadDecision> decisions = h.ReadDecisions(Count + 100);
        Assert.Equal(Count, decisions.Count);
        Assert.Equal(Count, decisions.Select(d => d.ManifestId).Distinct().Count());
        Assert.True(worker.Counters.Commits > 0, "at least one transaction committed");
        Assert.Equal(0, worker.Counters.CommitFailures);
    }
}
