using System.Text;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Worker;

/// <summary>Issue 13, defects 1 and 4: a dead-letter record always fits the producer, and the worker's headers always survive.</summary>
public sealed class DeadLetterRecordTests
{
    private const int MaxRecord = 1_000_000;
    private const int DecoderLimit = 1024 * 1024;
    private static readonly byte[] s_topic = "parcels.manifests"u8.ToArray();

    [Fact]
    public void Plan_SmallRecord_KeptWholeWithOwnHeadersFirst()
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength: 500, keyLength: 12, headers: 3, headerValueLength: 8);
        var record = new DeadLetterRecord(MaxRecord, DecoderLimit);

        record.Plan(slot, "Truncated"u8, 17, s_topic, coordinatesOnly: false);

        Assert.True(record.KeepsKey);
        Assert.Equal(500, record.ValueLength);
        Assert.Null(record.Truncation);
        Assert.Equal(0, record.DroppedHeaders);
        Assert.Equal(
            [DeadLetterHeaders.ErrorCode, DeadLetterHeaders.ErrorOffset, DeadLetterHeaders.SourceTopic, DeadLetterHeaders.SourcePartition, DeadLetterHeaders.SourceOffset, "h0", "h1", "h2"],
            Names(record));
        Assert.Equal("17", Value(record, DeadLetterHeaders.ErrorOffset));
        Assert.Equal("3", Value(record, DeadLetterHeaders.SourcePartition));
        Assert.Equal("1234", Value(record, DeadLetterHeaders.SourceOffset));
    }

    [Theory]
    [InlineData(999_850)]
    [InlineData(1_000_000)]
    [InlineData(5_000_000)]
    public void Plan_ValueTooLargeForTheProducer_CutToFitAndSaidSo(int valueLength)
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength, keyLength: 20, headers: 5, headerValueLength: 100);
        var record = new DeadLetterRecord(MaxRecord, int.MaxValue);

        record.Plan(slot, "UnknownSchemaId"u8, 0, s_topic, coordinatesOnly: false);

        Assert.True(record.KeepsKey);
        Assert.Equal(DeadLetterHeaders.TruncatedValue, record.Truncation);
        Assert.Equal("value", Value(record, DeadLetterHeaders.Truncated));
        Assert.Equal(valueLength.ToString(System.Globalization.CultureInfo.InvariantCulture), Value(record, DeadLetterHeaders.OriginalValueBytes));
        Assert.InRange(record.ValueLength, MaxRecord - 10_000, valueLength - 1);
        Assert.True(record.ValueLength + 20 + record.Headers.SerializedBytes + DeadLetterRecord.RecordOverheadBytes <= MaxRecord);
    }

    [Fact]
    public void Plan_ValueOverTheDecoderLimit_NeverWholeEvenWhenTheProducerTakesIt()
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength: 300_000, keyLength: 5, headers: 0, headerValueLength: 0);
        var record = new DeadLetterRecord(maxRecordBytes: 10_000_000, maxValueBytes: 200_000);

        record.Plan(slot, "MessageTooLarge"u8, 200_000, s_topic, coordinatesOnly: false);

        Assert.Equal(200_000, record.ValueLength);
        Assert.Equal(DeadLetterHeaders.TruncatedValue, record.Truncation);
    }

    [Fact]
    public void Plan_KeyTooLarge_CoordinatesOnly()
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength: 10, keyLength: 999_990, headers: 2, headerValueLength: 4);
        var record = new DeadLetterRecord(MaxRecord, DecoderLimit);

        record.Plan(slot, "Truncated"u8, 3, s_topic, coordinatesOnly: false);

        Assert.False(record.KeepsKey);
        Assert.Equal(0, record.ValueLength);
        Assert.Equal("record", Value(record, DeadLetterHeaders.Truncated));
        Assert.Equal("Truncated", Value(record, DeadLetterHeaders.ErrorCode));
    }

    [Fact]
    public void Plan_CoordinatesOnly_NoKeyValueOrOriginalHeaders()
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength: 100, keyLength: 5, headers: 3, headerValueLength: 4);
        var record = new DeadLetterRecord(MaxRecord, DecoderLimit);

        record.Plan(slot, "DeliveryRefused.MsgSizeTooLarge"u8, -1, s_topic, coordinatesOnly: true);

        Assert.False(record.KeepsKey);
        Assert.Equal(0, record.ValueLength);
        Assert.Equal(
            [DeadLetterHeaders.ErrorCode, DeadLetterHeaders.SourceTopic, DeadLetterHeaders.SourcePartition, DeadLetterHeaders.SourceOffset, DeadLetterHeaders.Truncated, DeadLetterHeaders.OriginalValueBytes, DeadLetterHeaders.HeadersDropped],
            Names(record));
        Assert.Equal("3", Value(record, DeadLetterHeaders.HeadersDropped));
    }

    [Fact]
    public void Plan_SeventyHeaders_OwnHeadersFirstOriginalsInOrderRestCounted()
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength: 100, keyLength: 5, headers: 70, headerValueLength: 4);
        var record = new DeadLetterRecord(MaxRecord, DecoderLimit);

        record.Plan(slot, "Truncated"u8, 3, s_topic, coordinatesOnly: false);

        List<string> names = Names(record);
        Assert.True(names.Count <= RecordHeaders.MaxHeaders);
        Assert.Equal(DeadLetterHeaders.ErrorCode, names[0]);
        Assert.Contains(DeadLetterHeaders.SourceOffset, names);
        Assert.Equal(DeadLetterRecord.MaxOriginalHeaders, record.Headers.Count - names.IndexOf("h0"));
        Assert.Equal(70 - DeadLetterRecord.MaxOriginalHeaders, record.DroppedHeaders);
        Assert.Equal((70 - DeadLetterRecord.MaxOriginalHeaders).ToString(System.Globalization.CultureInfo.InvariantCulture), Value(record, DeadLetterHeaders.HeadersDropped));
        Assert.Equal([.. Enumerable.Range(0, DeadLetterRecord.MaxOriginalHeaders).Select(i => "h" + i)], names[names.IndexOf("h0")..]);
    }

    [Fact]
    public void Plan_HugeOriginalHeaders_KeptWithinTheHeaderByteBudget()
    {
        MessageSlot slot = InFlightMemoryTests.Slot(valueLength: 100, keyLength: 5, headers: 10, headerValueLength: 30_000);
        var record = new DeadLetterRecord(MaxRecord, DecoderLimit);

        record.Plan(slot, "Truncated"u8, 3, s_topic, coordinatesOnly: false);

        Assert.Equal(8, record.DroppedHeaders);
        Assert.True(record.Headers.SerializedBytes < RecordHeaders.MaxOriginalHeaderBytes + 1_000);
        Assert.Equal(100, record.ValueLength);
    }

    [Theory]
    [InlineData(null, null, 1_000_000)]
    [InlineData("2000000", null, 2_000_000)]
    [InlineData("2000000", "1000", 1_024_000)]
    [InlineData("nonsense", null, 1_000_000)]
    public void MaxRecordBytes_FromProducerSettings(string? messageMaxBytes, string? queueKbytes, int expected)
    {
        var settings = new Dictionary<string, string>();
        if (messageMaxBytes is not null)
        {
            settings["message.max.bytes"] = messageMaxBytes;
        }

        if (queueKbytes is not null)
        {
            settings["queue.buffering.max.kbytes"] = queueKbytes;
        }

        Assert.Equal(expected, DeadLetterRecord.MaxRecordBytes(settings));
    }

    private static List<string> Names(DeadLetterRecord record) =>
        [.. Enumerable.Range(0, record.Headers.Count).Select(i => Encoding.UTF8.GetString(record.Headers.Name(i)))];

    private static string? Value(DeadLetterRecord record, string name)
    {
        int i = Names(record).IndexOf(name);
        return i < 0 ? null : Encoding.UTF8.GetString(record.Headers.Value(i));
    }
}
