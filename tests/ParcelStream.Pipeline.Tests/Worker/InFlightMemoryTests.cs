using Confluent.Kafka;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Worker;

/// <summary>Issue 13, defect 5: what the worker holds is bounded in bytes, and a huge message does not stay in the pool.</summary>
public sealed class InFlightMemoryTests
{
    [Fact]
    public void Return_AfterHugeMessage_SlotNoLongerHoldsTheHugeBuffer()
    {
        var pool = new SlotPool();
        MessageSlot slot = pool.Rent();
        slot.SetValue(new byte[2_000], isNull: false);
        slot.SetKey(new byte[40], isNull: false);
        byte[] small = slot.Value;

        slot.SetValue(new byte[900_000], isNull: false);
        slot.SetKey(new byte[50_000], isNull: false);
        slot.AddHeader("big"u8, new byte[200_000]);
        Assert.True(slot.Capacity >= 1_150_000);
        pool.Return(slot);

        Assert.Same(small, slot.Value);
        Assert.True(slot.Capacity <= MessageSlot.RetainedValueBytes + MessageSlot.RetainedKeyBytes + MessageSlot.RetainedHeaderBytes, $"{slot.Capacity} bytes held");
        Assert.Same(slot, pool.Rent());
    }

    [Fact]
    public void SetValue_SmallMessagesAfterReturn_ReuseTheRetainedBuffers()
    {
        var pool = new SlotPool();
        MessageSlot slot = pool.Rent();
        slot.SetValue(new byte[3_000], isNull: false);
        slot.SetKey(new byte[20], isNull: false);
        slot.AddHeader("trace"u8, new byte[100]);
        pool.Return(slot);
        byte[] value = slot.Value;
        byte[] key = slot.Key;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            slot.SetValue(new ReadOnlySpan<byte>(value, 0, 2_500), isNull: false);
            slot.SetKey(new ReadOnlySpan<byte>(key, 0, 16), isNull: false);
            slot.AddHeader("trace"u8, new ReadOnlySpan<byte>(value, 0, 80));
            slot.Clear();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(value, slot.Value);
    }

    [Fact]
    public void SetValue_LargerThanRetained_GrowsAndKeepsTheBytes()
    {
        var slot = new MessageSlot();
        byte[] data = new byte[MessageSlot.RetainedValueBytes + 1];
        new Random(7).NextBytes(data);
        slot.SetValue(data, isNull: false);
        slot.AddHeader("a"u8, "1"u8);
        slot.AddHeader("b"u8, new byte[MessageSlot.RetainedHeaderBytes]);

        Assert.True(slot.ValueSpan.SequenceEqual(data));
        Assert.True(slot.HeaderValue(0).SequenceEqual("1"u8));
        Assert.Equal(MessageSlot.RetainedHeaderBytes, slot.HeaderValue(1).Length);
        Assert.Equal(data.Length + 2 + 1 + MessageSlot.RetainedHeaderBytes, slot.Size);
    }

    [Fact]
    public void Return_ManySlotsThatHeldLargeManifests_PoolKeepsNoMoreThanItsBudget()
    {
        var pool = new SlotPool(retainedBytes: 200_000);
        var slots = new List<MessageSlot>();
        for (int i = 0; i < 20; i++)
        {
            MessageSlot slot = pool.Rent();
            slot.SetValue(new byte[50_000], isNull: false);
            slots.Add(slot);
        }

        foreach (MessageSlot slot in slots)
        {
            pool.Return(slot);
        }

        Assert.InRange(pool.RetainedBytes, 1, 200_000);
        Assert.Equal(pool.RetainedBytes, slots.Sum(s => s.Capacity));
    }

    [Fact]
    public void Fits_BytesOverBudget_BlocksUntilReleased()
    {
        var budget = new InFlightBudget(maxMessages: 1_000, maxBytes: 1_000_000);
        Assert.True(budget.Fits(10, 900_000));
        budget.Admit(10, 900_000);

        Assert.False(budget.Fits(1, 200_000));
        Assert.True(budget.Fits(1, 100_000));

        budget.Release(5, 450_000);
        Assert.True(budget.Fits(1, 200_000));
        Assert.Equal(5, budget.Messages);
        Assert.Equal(450_000, budget.Bytes);
    }

    [Fact]
    public void Fits_CountOverBudget_Blocks()
    {
        var budget = new InFlightBudget(maxMessages: 10, maxBytes: 1_000_000);
        budget.Admit(8, 800);
        Assert.False(budget.Fits(3, 10));
        Assert.True(budget.Fits(2, 10));
    }

    [Fact]
    public void Fits_MessageLargerThanTheWholeBudget_AdmittedAloneOnly()
    {
        var budget = new InFlightBudget(maxMessages: 10, maxBytes: 1_000_000);
        Assert.True(budget.Fits(1, 5_000_000));
        budget.Admit(1, 100);
        Assert.False(budget.Fits(1, 5_000_000));
    }

    [Fact]
    public void Validate_MaxInFlightBytesOutOfRange_NamesTheKey()
    {
        var options = new WorkerOptions { BootstrapServers = "127.0.0.1:9092", MaxInFlightBytes = 1_000 };
        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(options.Validate);
        Assert.Equal("ParcelStream:Worker:MaxInFlightBytes", ex.Key);
        Assert.Equal(64L * 1024 * 1024, new WorkerOptions().MaxInFlightBytes);
    }

    internal static MessageSlot Slot(int valueLength, int keyLength, int headers, int headerValueLength)
    {
        var slot = new MessageSlot { TopicPartition = new TopicPartition("parcels.manifests", 3), Offset = 1234 };
        byte[] value = new byte[valueLength];
        new Random(valueLength).NextBytes(value);
        slot.SetValue(value, isNull: false);
        slot.SetKey(new byte[Math.Max(keyLength, 0)], isNull: keyLength < 0);
        slot.ClearHeaders();
        for (int i = 0; i < headers; i++)
        {
            slot.AddHeader(System.Text.Encoding.UTF8.GetBytes("h" + i), new byte[headerValueLength]);
        }

        return slot;
    }
}
