namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// A lock-free latency histogram with logarithmic buckets (4 per doubling from a minimum, 50 µs by default, over about
/// 21 doublings, so percentiles are within 19 %). Each bucket keeps its count and the sum of its values, so exporters
/// get exact sums and means. Recording is three interlocked operations, no allocation.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The number of buckets; the last one also holds everything above its lower bound.</summary>
    public const int BucketCount = 86;

    /// <summary>Buckets per doubling of the value.</summary>
    public const int BucketsPerDoubling = 4;

    /// <summary>Upper bound of the first bucket unless given: 50 µs.</summary>
    public const double DefaultMinimumMilliseconds = 0.05;

    // Count and sum (nanoseconds) of bucket i at 2i and 2i+1: one cache line per record.
    private readonly long[] _cells = new long[BucketCount * 2];
    private readonly double _maximumMilliseconds;
    private long _count;

    /// <summary>Initializes a histogram from 50 µs to about 2 minutes.</summary>
    public LatencyHistogram()
        : this(DefaultMinimumMilliseconds)
    {
    }

    /// <summary>Initializes a histogram whose first bucket holds values up to <paramref name="minimumMilliseconds"/>.</summary>
    /// <param name="minimumMilliseconds">Upper bound of the first bucket, e.g. 0.0005 (0.5 µs) for per-manifest stage timings.</param>
    /// <exception cref="ArgumentOutOfRangeException">The minimum is not positive.</exception>
    public LatencyHistogram(double minimumMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumMilliseconds);
        MinimumMilliseconds = minimumMilliseconds;
        _maximumMilliseconds = UpperBoundMilliseconds(BucketCount - 1);
    }

    /// <summary>Gets the upper bound of the first bucket.</summary>
    public double MinimumMilliseconds { get; }

    /// <summary>Gets the number of recorded values.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Records one latency.</summary>
    /// <param name="milliseconds">The latency; negative values (clock skew) count as zero, values past the last bucket as its bound.</param>
    public void Record(double milliseconds)
    {
        double value = Math.Clamp(milliseconds, 0, _maximumMilliseconds);
        int index = value <= MinimumMilliseconds ? 0 : Math.Min((int)(Math.Log2(value / MinimumMilliseconds) * BucketsPerDoubling) + 1, BucketCount - 1);
        Interlocked.Increment(ref _cells[2 * index]);
        Interlocked.Add(ref _cells[(2 * index) + 1], (long)(value * 1_000_000));
        Interlocked.Increment(ref _count);
    }

    /// <summary>Gets the number of values recorded in a bucket.</summary>
    /// <param name="index">0 to <see cref="BucketCount"/> - 1.</param>
    /// <returns>The count.</returns>
    public long CountAt(int index) => Volatile.Read(ref _cells[2 * index]);

    /// <summary>Gets the sum of the values recorded in a bucket.</summary>
    /// <param name="index">0 to <see cref="BucketCount"/> - 1.</param>
    /// <returns>The sum in nanoseconds.</returns>
    public long SumNanosecondsAt(int index) => Volatile.Read(ref _cells[(2 * index) + 1]);

    /// <summary>Gets the upper bound of a bucket: bucket i holds values from bound i-1 (inclusive) up to bound i.</summary>
    /// <param name="index">0 to <see cref="BucketCount"/> - 1.</param>
    /// <returns>Milliseconds.</returns>
    public double UpperBoundMilliseconds(int index) => index == 0 ? MinimumMilliseconds : MinimumMilliseconds * Math.Pow(2, (double)index / BucketsPerDoubling);

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
            seen += CountAt(i);
            if (seen >= rank)
            {
                return UpperBoundMilliseconds(i);
            }
        }

        return UpperBoundMilliseconds(BucketCount - 1);
    }
}
