using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Worker;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Quantile_Empty_IsNaN() => Assert.True(double.IsNaN(new LatencyHistogram().Quantile(0.5)));

    [Theory]
    [InlineData(0.5, 10.0)]
    [InlineData(0.99, 990.0)]
    public void Quantile_KnownDistribution_WithinOneBucket(double quantile, double expected)
    {
        var h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++)
        {
            // 1 % at about 1 s, the rest at 10 ms, except the p99 boundary region.
            h.Record(i > 985 ? 990 : 10);
        }

        double q = h.Quantile(quantile);
        Assert.InRange(q, expected, expected * 1.2);
    }

    [Fact]
    public void Record_ManyValues_AllocatesNothing()
    {
        var h = new LatencyHistogram();
        h.Record(1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            h.Record(i * 0.1);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(10_001, h.Count);
    }
}
