using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Worker;

public sealed class PartitionTrackerTests
{
    [Fact]
    public void TryTakeCommit_NothingConsumed_NothingToCommit()
    {
        var t = new PartitionTracker();
        Assert.False(t.TryTakeCommit(out _));
    }

    [Fact]
    public void TryTakeCommit_OutOfOrderAcks_CommitsOnlyTheContiguousPrefix()
    {
        var t = new PartitionTracker();
        for (long o = 10; o < 15; o++)
        {
            t.Consumed(o);
        }

        t.Acknowledged(12);
        t.Acknowledged(11);
        Assert.True(t.TryTakeCommit(out long first));
        Assert.Equal(10, first);

        t.Acknowledged(10);
        Assert.True(t.TryTakeCommit(out long second));
        Assert.Equal(13, second);
        Assert.Equal(2, t.Pending);

        t.Acknowledged(14);
        t.Acknowledged(13);
        Assert.True(t.TryTakeCommit(out long all));
        Assert.Equal(15, all);
        Assert.Equal(0, t.Pending);
    }

    [Fact]
    public void TryTakeCommit_AfterCommitted_NotOfferedAgain()
    {
        var t = new PartitionTracker();
        t.Consumed(0);
        t.Acknowledged(0);
        Assert.True(t.TryTakeCommit(out long offset));
        t.Committed(offset);
        Assert.False(t.TryTakeCommit(out _));
        t.Consumed(1);
        Assert.False(t.TryTakeCommit(out _));
        t.Acknowledged(1);
        Assert.True(t.TryTakeCommit(out long next));
        Assert.Equal(2, next);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(5_000)]
    public void Acknowledged_ManyInFlightAckedInReverse_GrowsAndCommitsEverything(int count)
    {
        var t = new PartitionTracker();
        for (long o = 0; o < count; o++)
        {
            t.Consumed(o);
        }

        for (long o = count - 1; o >= 1; o--)
        {
            t.Acknowledged(o);
            Assert.True(t.TryTakeCommit(out long blocked));
            Assert.Equal(0, blocked);
        }

        t.Acknowledged(0);
        Assert.True(t.TryTakeCommit(out long end));
        Assert.Equal(count, end);
    }

    [Theory]
    [InlineData(7, 300)]
    [InlineData(3, 1_000)]
    public void Acknowledged_GapsBetweenOffsetsAckedOutOfOrder_CommitsOnlyPastTheOldestUnacknowledged(int stride, int count)
    {
        // Offsets with gaps (transaction markers, compaction) are found by search rather than by distance from the oldest.
        var t = new PartitionTracker();
        var offsets = new List<long>();
        for (int i = 0; i < count; i++)
        {
            long offset = 100 + (i * (long)stride) + (i % 5 == 0 ? 1 : 0);
            offsets.Add(offset);
            t.Consumed(offset);
        }

        // Every other offset first, then the rest: only the oldest unacknowledged one holds the commit back.
        for (int i = 1; i < count; i += 2)
        {
            t.Acknowledged(offsets[i]);
        }

        Assert.True(t.TryTakeCommit(out long blocked));
        Assert.Equal(offsets[0], blocked);
        for (int i = 0; i < count; i += 2)
        {
            t.Acknowledged(offsets[i]);
            Assert.True(t.TryTakeCommit(out long next));
            Assert.Equal(i + 2 < count ? offsets[i + 2] : offsets[^1] + 1, next);
        }

        Assert.Equal(0, t.Pending);
    }

    [Fact]
    public void Acknowledged_OffsetNeverConsumed_ChangesNothing()
    {
        var t = new PartitionTracker();
        t.Consumed(10);
        t.Consumed(12);
        t.Acknowledged(11);
        t.Acknowledged(13);
        Assert.Equal(2, t.Pending);
        Assert.True(t.TryTakeCommit(out long offset));
        Assert.Equal(10, offset);
    }

    [Fact]
    public void Acknowledged_OffsetsGoBackAfterASeek_EveryOffsetStillFound()
    {
        var t = new PartitionTracker();
        t.Consumed(10);
        t.Consumed(11);
        t.Consumed(5);
        t.Acknowledged(5);
        t.Acknowledged(11);
        Assert.Equal(3, t.Pending);
        t.Acknowledged(10);
        Assert.Equal(0, t.Pending);
    }
}
