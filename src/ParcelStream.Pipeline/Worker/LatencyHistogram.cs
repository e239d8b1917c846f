namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// A lock-free latency histogram with logarithmic buckets (4 per doubling, 50 µs to about 2 minutes, so percentiles
/// are within 19 %). Recording is one interlocked increment, no allocation.
/// </summary>
public sealed class LatencyHistogram
{
    private const double MinMilliseconds = 0.05;
    private const int BucketsPerDoubling = 4;
    private const int BucketCount = 86;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;

    /// <summary>Gets the number of recorded values.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Records one latency.</summary>
    /// <param name="milliseconds">The latency; negative values (clock skew) count as zero.</param>
    public void Record(double milliseconds)
    {
        int index = milliseconds <= MinMilliseconds ? 0 : (int)(Math.Log2(milliseconds / MinMilliseconds) * BucketsPerDoubling) + 1;
        Interlocked.Increment(ref _buckets[Math.Min(index, BucketCount - 1)]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>Gets the upper bound of the bucket holding the given quantile.</summary>
    /// <param name="quantile">0..1, e.g. 0.99.</param>
    /// <returns>Milliseconds, or NaN when nothing was recorded.</returns>
    public double Quantile(double quantile)
    {
        long total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        long rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return UpperBound(i);
            }
        }

        return UpperBound(BucketCount - 1);
    }

    private static double UpperBound(int index) => index == 0 ? MinMilliseconds : MinMilliseconds * Math.Pow(2, (double)index / BucketsPerDoubling);
}
