using ParcelStream.Pipeline.Worker;
using Prometheus;

namespace ParcelStream.Operations;

/// <summary>
/// Publishes a <see cref="LatencyHistogram"/> (recorded on the hot path without prometheus-net) as a Prometheus
/// histogram at scrape time. Prometheus buckets are every doubling of the worker's buckets (4 of them per Prometheus
/// bucket); at each scrape, the values new in each Prometheus bucket are observed at their exact mean, so counts land
/// in the right bucket and <c>_sum</c> is exact.
/// </summary>
internal sealed class HistogramBridge
{
    /// <summary>Prometheus buckets: one per doubling, the last worker bucket (open-ended) goes to +Inf.</summary>
    private const int BoundCount = ((LatencyHistogram.BucketCount - 2) / LatencyHistogram.BucketsPerDoubling) + 1;

    private readonly double _minimumMilliseconds;
    private readonly Histogram _target;
    private readonly long[] _seenCounts = new long[LatencyHistogram.BucketCount];
    private readonly long[] _seenSums = new long[LatencyHistogram.BucketCount];
    private LatencyHistogram? _source;

    public HistogramBridge(IMetricFactory factory, string name, string help, double minimumMilliseconds)
    {
        _minimumMilliseconds = minimumMilliseconds;
        _target = factory.CreateHistogram(name, help, new HistogramConfiguration { Buckets = Bounds(minimumMilliseconds) });
    }

    /// <summary>The Prometheus bucket bounds, in seconds: the minimum times 2^k.</summary>
    public static double[] Bounds(double minimumMilliseconds)
    {
        var bounds = new double[BoundCount];
        for (int k = 0; k < bounds.Length; k++)
        {
            bounds[k] = minimumMilliseconds * Math.Pow(2, k) / 1000;
        }

        return bounds;
    }

    /// <summary>Observes what <paramref name="source"/> recorded since the last call; one caller at a time.</summary>
    public void Update(LatencyHistogram source)
    {
        if (source.MinimumMilliseconds != _minimumMilliseconds)
        {
            throw new InvalidOperationException($"Histogram {_target.Name} has buckets from {_minimumMilliseconds} ms, its source from {source.MinimumMilliseconds} ms.");
        }

        if (!ReferenceEquals(source, _source))
        {
            // A new worker (new counters): everything it recorded is new.
            _source = source;
            Array.Clear(_seenCounts);
            Array.Clear(_seenSums);
        }

        // Worker bucket i (i >= 1) holds [bound(i-1), bound(i)); Prometheus bucket k holds worker buckets 4k-3 .. 4k.
        int group = 0;
        long count = 0;
        long sumNanoseconds = 0;
        for (int i = 0; i < LatencyHistogram.BucketCount; i++)
        {
            int k = (i + LatencyHistogram.BucketsPerDoubling - 1) / LatencyHistogram.BucketsPerDoubling;
            if (k != group)
            {
                Observe(group, count, sumNanoseconds);
                (group, count, sumNanoseconds) = (k, 0, 0);
            }

            // A value being recorded right now may be in the count but not yet in the sum: a sum that grew without its
            // count is carried to the next scrape, so sums are never lost, only a value's share may come a scrape late.
            long c = source.CountAt(i);
            if (c == _seenCounts[i])
            {
                continue;
            }

            long s = source.SumNanosecondsAt(i);
            count += c - _seenCounts[i];
            sumNanoseconds += s - _seenSums[i];
            _seenCounts[i] = c;
            _seenSums[i] = s;
        }

        Observe(group, count, sumNanoseconds);
    }

    private void Observe(int group, long count, long sumNanoseconds)
    {
        if (count <= 0)
        {
            return;
        }

        // The mean lies inside the group's range; keep it there (a racing record can skew it), strictly above the lower
        // bound so that it is not counted in the bucket below (worker buckets are closed at the bottom, Prometheus
        // buckets at the top).
        double mean = Math.Max(0, sumNanoseconds) / (double)count / 1e9;
        if (group < BoundCount)
        {
            mean = Math.Min(mean, _minimumMilliseconds * Math.Pow(2, group) / 1000);
        }

        if (group > 0)
        {
            mean = Math.Max(mean, Math.BitIncrement(_minimumMilliseconds * Math.Pow(2, group - 1) / 1000));
        }

        _target.Observe(mean, count);
    }
}
