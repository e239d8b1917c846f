using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations.Tests;

/// <summary>What the worker records per manifest must allocate nothing: metrics are read at scrape time.</summary>
public sealed class RecordingAllocationTests
{
    private const int Manifests = 100_000;

    private static readonly byte[] s_reason = "VALUE_OVER_THRESHOLD"u8.ToArray();

    [Fact]
    public void WorkerCounters_RecordingEveryPerManifestFigure_AllocatesNothing()
    {
        var counters = new WorkerCounters();

        // A first pass warms up: the first use of a reason or error code allocates its entry (the set is bounded), and
        // the runtime allocates a little, once, while it compiles the loop. The second pass is measured.
        RecordManifests(counters);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RecordManifests(counters);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2 * Manifests, counters.Consumed);
        Assert.Equal(2 * Manifests, counters.DecodeLatency.Count);
        Assert.Equal(2 * Manifests / 100, counters.DeadLettered);
        Assert.Equal(2 * Manifests / 100, counters.DeadLetterCodes.Snapshot().Single().Value);
    }

    [Fact]
    public void LatencyHistogram_RecordingValuesOfEveryMagnitude_AllocatesNothing()
    {
        var histogram = new LatencyHistogram(WorkerCounters.StageMinimumMilliseconds);
        RecordMagnitudes(histogram);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RecordMagnitudes(histogram);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2 * Manifests, histogram.Count);
    }

    private static void RecordMagnitudes(LatencyHistogram histogram)
    {
        for (int i = 0; i < Manifests; i++)
        {
            histogram.Record(Math.Pow(10, (i % 16) - 6) * (1 + (i % 7)));
        }
    }

    private static void RecordManifests(WorkerCounters counters)
    {
        for (int i = 0; i < Manifests; i++)
        {
            counters.OnConsumed();
            counters.DecodeLatency.Record(0.001 + ((i % 13) * 0.0007));
            if (i % 100 == 0)
            {
                counters.OnDeadLetter("Truncated");
            }
            else
            {
                counters.EvaluateLatency.Record(0.004 + ((i % 17) * 0.0011));
                counters.CreatedToDecided.Record(1_500 + (i % 1_000));
                counters.OnDecision((Outcome)(i % 3));
                counters.Reasons.Add(s_reason);
            }

            counters.OnAcknowledged();
            counters.ServiceLatency.Record(0.3 + (i % 50));
            counters.Latency.Record(2.5 + (i % 300));
            counters.OnCommit(ok: i % 1_000 != 0);
        }
    }
}
