using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Benchmarks;

/// <summary>
/// What the worker records per manifest for the metrics: the counters and two latency histograms it always had
/// (baseline), and the same plus the decode and evaluate timings (four Stopwatch reads; sampled, and for every
/// manifest) and the createdAt latency that the Prometheus metrics added. One thread; the lanes record the same way.
/// </summary>
[MemoryDiagnoser]
public class MetricsRecordingBenchmarks
{
    private static readonly byte[] s_reason = "VAGUE_DESCRIPTION"u8.ToArray();

    private readonly WorkerCounters _counters = new();
    private readonly long _createdAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_500;

    // The worker already reads the clock for the decision's decidedAt; the createdAt latency reuses it.
    private readonly long _decidedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private uint _manifests;

    [Benchmark(Baseline = true)]
    public void CountersAndEndToEnd()
    {
        WorkerCounters c = _counters;
        c.OnConsumed();
        c.OnDecision(Outcome.Hold);
        c.Reasons.Add(s_reason);
        c.OnAcknowledged();
        c.ServiceLatency.Record(0.8);
        c.Latency.Record(12.5);
    }

    /// <summary>What the lanes record: stage timings for one manifest in <see cref="WorkerCounters.StageSampleEvery"/>.</summary>
    [Benchmark]
    public void PlusSampledStageTimings()
    {
        WorkerCounters c = _counters;
        c.OnConsumed();
        bool timed = ++_manifests % WorkerCounters.StageSampleEvery == 0;
        long started = timed ? Stopwatch.GetTimestamp() : 0;
        if (timed)
        {
            c.DecodeLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        long evaluating = timed ? Stopwatch.GetTimestamp() : 0;
        if (timed)
        {
            c.EvaluateLatency.Record(Stopwatch.GetElapsedTime(evaluating).TotalMilliseconds);
        }

        c.CreatedToDecided.Record(_decidedAt - _createdAt);
        c.OnDecision(Outcome.Hold);
        c.Reasons.Add(s_reason);
        c.OnAcknowledged();
        c.ServiceLatency.Record(0.8);
        c.Latency.Record(12.5);
    }

    /// <summary>Stage timings for every manifest, for comparison.</summary>
    [Benchmark]
    public void PlusStageTimingsEveryManifest()
    {
        WorkerCounters c = _counters;
        c.OnConsumed();
        long started = Stopwatch.GetTimestamp();
        c.DecodeLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        long evaluating = Stopwatch.GetTimestamp();
        c.EvaluateLatency.Record(Stopwatch.GetElapsedTime(evaluating).TotalMilliseconds);
        c.CreatedToDecided.Record(_decidedAt - _createdAt);
        c.OnDecision(Outcome.Hold);
        c.Reasons.Add(s_reason);
        c.OnAcknowledged();
        c.ServiceLatency.Record(0.8);
        c.Latency.Record(12.5);
    }
}
