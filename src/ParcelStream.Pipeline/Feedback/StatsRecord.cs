using System.Buffers;
using System.Globalization;
using System.Text;
using ParcelStream.Codec;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// A record of the statistics topic: key <c>LINE@PARTITION</c> (e.g. <c>seller:S-4411@3</c>: the counts the join of
/// partition 3 holds for seller S-4411), value a raw Avro datum of five longs: decided, inspected, found, and the last
/// decided-topic and result-topic offsets of that partition included in the counts (what makes re-processing after a
/// crash idempotent). The topic is compacted: the latest record per key is the line's current value. A line's total is
/// the sum over partitions.
/// </summary>
internal static class StatsRecord
{
    /// <summary>Formats a key.</summary>
    /// <param name="key">The line.</param>
    /// <param name="partition">The join partition.</param>
    /// <returns>UTF-8 key.</returns>
    public static byte[] Key(FeedbackKey key, int partition) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}@{partition}"));

    /// <summary>Parses a key.</summary>
    /// <param name="key">UTF-8 key.</param>
    /// <param name="line">The line.</param>
    /// <param name="partition">The join partition.</param>
    /// <returns>False when the key is not a statistics key.</returns>
    public static bool TryParseKey(ReadOnlySpan<byte> key, out FeedbackKey line, out int partition)
    {
        line = default;
        partition = -1;
        string text = Encoding.UTF8.GetString(key);
        int at = text.LastIndexOf('@');
        return at > 0
            && int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out partition)
            && FeedbackKey.TryParse(text[..at], out line);
    }

    /// <summary>Writes a value.</summary>
    /// <param name="line">The counts and offsets.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Value(StatsLine line)
    {
        var buffer = new ArrayBufferWriter<byte>(48);
        var w = new AvroWriter(buffer);
        w.WriteLong(line.Counts.Decided);
        w.WriteLong(line.Counts.Inspected);
        w.WriteLong(line.Counts.Found);
        w.WriteLong(line.DecidedOffset);
        w.WriteLong(line.ResultOffset);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a value.</summary>
    /// <param name="value">The bytes.</param>
    /// <param name="line">The counts and offsets.</param>
    /// <returns>False when corrupt.</returns>
    public static bool TryReadValue(ReadOnlySpan<byte> value, out StatsLine line)
    {
        line = default;
        var r = new AvroReader(value, 0, 0);
        if (!r.TryReadLong(out long decided) || !r.TryReadLong(out long inspected) || !r.TryReadLong(out long found)
            || !r.TryReadLong(out long decidedOffset) || !r.TryReadLong(out long resultOffset) || r.Remaining != 0)
        {
            return false;
        }

        line = new StatsLine(new EntityCounts(decided, inspected, found), decidedOffset, resultOffset);
        return true;
    }
}
