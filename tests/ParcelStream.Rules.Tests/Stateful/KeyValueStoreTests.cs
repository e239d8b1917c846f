using ParcelStream.Rules.Stateful;
using static ParcelStream.Rules.Tests.Stateful.StatefulTestSupport;

namespace ParcelStream.Rules.Tests.Stateful;

public sealed class KeyValueStoreTests
{
    private static readonly ConsigneeKey s_a = new(1, 1);
    private static readonly ConsigneeKey s_b = new(2, 2);

    private static ParcelWindow Window(string manifestId, long time, long cents)
    {
        var w = new ParcelWindow();
        var r = ParcelRecord.Create(System.Text.Encoding.UTF8.GetBytes(manifestId), "TN"u8);
        r.ContentHash = 42;
        r.ValueCents = cents;
        r.EventTimeMillis = time;
        r.RiskScore = 0.25f;
        r.Outcome = 1;
        r.Flags = ParcelFlags.Split;
        r.Related = [[1, 2, 3]];
        w.Add(r);
        return w;
    }

    [Fact]
    public void Restore_FromEveryLoggedChange_SameContentAsTheLoggingStore()
    {
        var sink = new RecordingSink();
        var store = Store(sink);
        store.Put(s_a, Window("MF-A", 1_000, 6_000), 1_000);
        store.Put(s_b, Window("MF-B", 2_000, 7_000), 2_000);
        store.Put(s_a, Window("MF-A2", 3_000, 8_000), 3_000);
        Assert.True(store.Delete(s_b));
        Assert.Equal(4, sink.Records.Count);
        Assert.Null(sink.Records[3].Value);

        var restored = Store();
        sink.RestoreInto(restored);
        Assert.Equal(1, restored.Count);
        Assert.False(restored.TryGet(s_b, out _));
        Assert.True(restored.TryGet(s_a, out ParcelWindow? w));
        Assert.Equal("MF-A2", StatefulTestSupport.Text(w[0].ManifestId));
        Assert.Equal("TN", StatefulTestSupport.Text(w[0].TrackingNumber));
        Assert.Equal(8_000, w[0].ValueCents);
        Assert.Equal(ParcelFlags.Split, w[0].Flags);
        Assert.Equal(0.25f, w[0].RiskScore);
        Assert.Equal([1, 2, 3], w[0].Related![0]);
        Assert.Equal(3_000, restored.StreamTimeMillis);
    }

    [Fact]
    public void Put_StreamTimeBeyondRetention_OldKeysExpiredWithTombstones()
    {
        var sink = new RecordingSink();
        var store = Store(sink, TimeSpan.FromHours(72));
        store.Put(s_a, Window("MF-A", 0, 100), 0);
        store.Put(s_b, Window("MF-B", 71 * Hour, 100), 71 * Hour);
        Assert.Equal(2, store.Count);

        // 73 h + a sweep interval later: A (last event at 0) is out of the window, B (71 h) is not.
        long later = (73 * Hour) + (5 * Hour);
        store.Put(s_b, Window("MF-B", later, 100), later);
        Assert.Equal(1, store.Count);
        Assert.False(store.TryGet(s_a, out _));
        Assert.Equal(1, store.Expired);
        Assert.Contains(sink.Records, r => r.Value is null && r.Key.AsSpan().SequenceEqual(KeyBytes(s_a)));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, new byte[] { 0, 0, 0 })]
    public void Restore_CorruptRecord_SkippedAndCounted(byte[] key, byte[] value)
    {
        var store = Store();
        Assert.False(store.Restore(key, value, tombstone: false));
        Assert.Equal(1, store.RestoreErrors);
        Assert.Equal(0, store.Count);
    }

    private static byte[] KeyBytes(ConsigneeKey key)
    {
        var bytes = new byte[ConsigneeKey.Size];
        key.WriteTo(bytes);
        return bytes;
    }
}
