using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// Records the worker cannot publish as they are: too large to dead-letter whole, too many headers, a producer queue
/// that is full. The real host process against the mock cluster; each test checks that nothing is lost and the worker
/// keeps running.
/// </summary>
public sealed class ProducerFaultTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Issue 13, defect 1: a 999,850-byte record fits the input (message.max.bytes 1,000,000 on the producing client)
    /// but its dead-letter copy, with the error headers, does not; one over the decoder's limit (1 MiB) neither. Both
    /// used to stop the worker at the same offset on every restart.
    /// </summary>
    [Fact]
    public async Task Run_RecordsTooLargeToDeadLetterWhole_DeadLetteredTruncatedAndWorkerKeepsDeciding()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        byte[] nearLimit = RandomBytes(999_850, seed: 1);
        byte[] overDecoderLimit = RandomBytes(CodecLimits.Default.MaxMessageBytes + 100_000, seed: 2);
        List<Message<byte[], byte[]>> first = [.. TestManifests.Valid(50, keys: 50), new Message<byte[], byte[]> { Value = nearLimit }, .. TestManifests.Valid(50, keys: 50, first: 50)];
        ProduceLarge(h, first);
        using WorkerProcess worker = WorkerProcess.Start(h.ProcessSettings());
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Count >= 100, s_runTimeout, () => worker.Output);

        // The second one arrives while the worker runs: after the first, nothing is stuck.
        ProduceLarge(h, [new Message<byte[], byte[]> { Key = "big-2"u8.ToArray(), Value = overDecoderLimit }, .. TestManifests.Valid(50, keys: 50, first: 100)]);
        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || DecidedAndDeadLettered(h) >= 152, s_runTimeout, () => $"{DecidedAndDeadLettered(h)} of 152 published; output:\n{worker.Output}");
        Assert.False(worker.HasExited, worker.Output);

        List<ConsumeResult<byte[], byte[]>> dead = h.ReadDeadLetters(10);
        Assert.Equal(2, dead.Count);
        AssertTruncated(dead[0], h, offset: 50, nearLimit);
        AssertTruncated(dead[1], h, offset: 101, overDecoderLimit);
        Assert.Equal(150, h.ReadDecisions(300).Select(d => d.ManifestId).Distinct().Count());
        await WorkerHarness.WaitUntilAsync(() => h.CommittedOffsets()[0] == 152, TimeSpan.FromSeconds(30), () => $"committed {h.CommittedOffsets()[0]}");
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), worker.Output);
        Assert.Equal(0, worker.ExitCode);
    }

    /// <summary>Issue 13, defect 4: 70 headers used to push the worker's own headers out of the dead-letter record.</summary>
    [Fact]
    public async Task Run_UndecodableRecordWithSeventyHeaders_DeadLetterKeepsOwnHeadersAndCountsDropped()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        Headers headers = SeventyHeaders();
        var input = TestManifests.Valid(5, keys: 5);
        input.Add(new Message<byte[], byte[]> { Key = "many-headers"u8.ToArray(), Value = [0x00, 0x00, 0x00], Headers = headers });
        input.AddRange(TestManifests.Valid(5, keys: 5, first: 5));
        h.Produce(input);

        using IDecisionWorker worker = h.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Completion.IsCompleted || worker.Counters.Acknowledged >= 11, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        Assert.False(worker.Completion.IsCompleted, worker.Completion.Exception?.ToString());
        await worker.StopAsync();
        await worker.Completion;

        ConsumeResult<byte[], byte[]> dead = Assert.Single(h.ReadDeadLetters(10));
        Headers got = dead.Message.Headers;
        Assert.Equal(nameof(AvroErrorCode.Truncated), Header(got, DeadLetterHeaders.ErrorCode));
        Assert.Equal(h.Input, Header(got, DeadLetterHeaders.SourceTopic));
        Assert.Equal("0", Header(got, DeadLetterHeaders.SourcePartition));
        Assert.Equal("5", Header(got, DeadLetterHeaders.SourceOffset));

        // The originals that fit come in their order, the rest are counted.
        List<IHeader> originals = [.. got.Where(x => x.Key.StartsWith('h'))];
        Assert.NotEmpty(originals);
        for (int i = 0; i < originals.Count; i++)
        {
            Assert.Equal("h" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), originals[i].Key);
            Assert.Equal("v" + i, Encoding.UTF8.GetString(originals[i].GetValueBytes()));
        }

        Assert.Equal((70 - originals.Count).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(got, DeadLetterHeaders.HeadersDropped));
        Assert.Equal(70 - originals.Count, worker.Counters.HeadersDropped);
        Assert.Equal(10, h.ReadDecisions(20).Count);
        Assert.Equal(h.EndOffsets(), h.CommittedOffsets());
    }

    /// <summary>Issue 13, defect 4, repartition: a manifest with 70 headers keeps its source headers and says how many originals were left out.</summary>
    [Fact]
    public async Task Run_StatefulManifestWithSeventyHeaders_RepartitionRecordKeepsSourceHeadersFirstAndCountsDropped()
    {
        var s = new StatefulHarness(fixture, partitions: 1, singleDecisionTopic: true);
        Message<byte[], byte[]> manifest = TestManifests.Valid(1, keys: 1)[0];
        manifest.Headers = SeventyHeaders();
        s.Pipeline.Produce([manifest]);

        using IDecisionWorker worker = s.StartWorker();
        await WorkerHarness.WaitUntilAsync(() => worker.Completion.IsCompleted || worker.Counters.Acknowledged >= 1, s_runTimeout, () => $"{worker.Counters.Acknowledged} acknowledged");
        Assert.False(worker.Completion.IsCompleted, worker.Completion.Exception?.ToString());
        await worker.StopAsync();
        await worker.Completion;

        Headers forwarded = Assert.Single(s.Pipeline.ReadTopic(s.State.RepartitionTopic, TimeSpan.FromSeconds(10))).Message.Headers;
        Assert.Equal([DeadLetterHeaders.SourceTopic, DeadLetterHeaders.SourcePartition, DeadLetterHeaders.SourceOffset, DeadLetterHeaders.HeadersDropped], forwarded.Take(4).Select(x => x.Key));
        int kept = forwarded.Count - 4;
        Assert.Equal((70 - kept).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(forwarded, DeadLetterHeaders.HeadersDropped));
        Assert.Equal([.. Enumerable.Range(0, kept).Select(i => "h" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))], forwarded.Skip(4).Select(x => x.Key));
        ReadDecision decision = Assert.Single(s.Pipeline.ReadDecisions(5));
        Assert.Equal(s.Pipeline.Input, Encoding.UTF8.GetString(decision.Decision.SourceTopic));
        Assert.Equal(0, decision.Decision.SourceOffset);
        Assert.Equal(70 - kept, worker.Counters.HeadersDropped);
    }

    /// <summary>
    /// Fault "producer queue full": a producer queue of 5 records (and 64 KB) is full almost all the time, and a
    /// dead-letter record larger than the whole queue could never be queued. The worker waits for room instead of
    /// failing, and loses nothing.
    /// </summary>
    [Fact]
    public async Task Run_ProducerQueueFull_WorkerWaitsAndLosesNothing()
    {
        var h = new WorkerHarness(fixture, inputPartitions: 2, singleDecisionTopic: true);
        List<(Message<byte[], byte[]> Message, string Code)> broken = TestManifests.Broken();
        var input = TestManifests.Valid(3_000, keys: 500);
        input.InsertRange(1_000, broken.Select(b => b.Message));
        input.Insert(2_000, new Message<byte[], byte[]> { Key = "big"u8.ToArray(), Value = RandomBytes(200_000, seed: 3) });
        ProduceLarge(h, input);
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:Kafka:queue.buffering.max.messages"] = "5";
        settings["ParcelStream:Kafka:queue.buffering.max.kbytes"] = "64";
        using WorkerProcess worker = WorkerProcess.Start(settings);

        await WorkerHarness.WaitUntilAsync(() => worker.HasExited || OutputAudit.Covered(h) >= input.Count, s_runTimeout, () => $"{OutputAudit.Covered(h)} of {input.Count} published; output:\n{worker.Output}");
        Assert.False(worker.HasExited, worker.Output);
        await WorkerHarness.WaitUntilAsync(() => h.CommittedOffsets().SequenceEqual(h.EndOffsets()), TimeSpan.FromSeconds(30), () => "offsets not committed");
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), worker.Output);
        Assert.Equal(0, worker.ExitCode);

        OutputAudit.AssertNothingLost(h);
        ConsumeResult<byte[], byte[]> big = Assert.Single(h.ReadDeadLetters(20), r => r.Message.Key is not null && r.Message.Key.AsSpan().SequenceEqual("big"u8));
        Assert.Equal("value", Header(big.Message.Headers, DeadLetterHeaders.Truncated));
        Assert.InRange(big.Message.Value.Length, 1, 64 * 1024);
    }

    /// <summary>The dead-letter record of a record too large to keep whole: our headers, the value's first bytes, and why.</summary>
    private static void AssertTruncated(ConsumeResult<byte[], byte[]> dead, WorkerHarness h, long offset, byte[] original)
    {
        var view = new ManifestView();
        AvroError expected = new ManifestDecoder(SchemaRegistry.Default, CodecLimits.Default, null).Decode(original, view);
        Assert.True(expected.IsError);
        Headers got = dead.Message.Headers;
        Assert.Equal(expected.Code.ToString(), Header(got, DeadLetterHeaders.ErrorCode));
        Assert.Equal(h.Input, Header(got, DeadLetterHeaders.SourceTopic));
        Assert.Equal("0", Header(got, DeadLetterHeaders.SourcePartition));
        Assert.Equal(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(got, DeadLetterHeaders.SourceOffset));
        Assert.Equal("value", Header(got, DeadLetterHeaders.Truncated));
        Assert.Equal(original.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(got, DeadLetterHeaders.OriginalValueBytes));
        byte[] value = dead.Message.Value;
        Assert.InRange(value.Length, 1, 1_000_000 - 1);
        Assert.True(original.AsSpan(0, value.Length).SequenceEqual(value), "the dead-letter value is the original's first bytes");
    }

    private static Headers SeventyHeaders()
    {
        var headers = new Headers();
        for (int i = 0; i < 70; i++)
        {
            headers.Add("h" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes("v" + i));
        }

        return headers;
    }

    private static string? Header(Headers headers, string name) =>
        headers.TryGetLastBytes(name, out byte[] value) ? Encoding.UTF8.GetString(value) : null;

    private static int DecidedAndDeadLettered(WorkerHarness h) =>
        h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(5)).Count + h.ReadTopic(h.DeadLetters, TimeSpan.FromSeconds(5)).Count;

    /// <summary>Produces to the input with a client that allows records up to 4 MB (the mock broker takes them).</summary>
    private void ProduceLarge(WorkerHarness h, IEnumerable<Message<byte[], byte[]>> messages)
    {
        ProducerConfig config = fixture.ProducerConfig();
        config.MessageMaxBytes = 4_000_000;
        List<DeliveryReport<byte[], byte[]>> reports = KafkaTestClient.ProduceAll(config, h.Input, messages);
        Assert.All(reports, r => Assert.False(r.Error.IsError, r.Error.Reason));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
