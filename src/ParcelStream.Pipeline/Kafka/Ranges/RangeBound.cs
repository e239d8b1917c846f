namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>Where a topic range starts or ends in a partition: the partition's edge, an offset, or a time.</summary>
/// <param name="Kind">How <paramref name="Value"/> is read.</param>
/// <param name="Value">The offset, or the time in Unix milliseconds; unused for <see cref="RangeBoundKind.Edge"/>.</param>
public readonly record struct RangeBound(RangeBoundKind Kind, long Value)
{
    /// <summary>Gets the partition's edge: its first retained offset for a start, its end (high watermark when the replay starts) for an end.</summary>
    public static RangeBound Edge => default;

    /// <summary>Makes an offset bound.</summary>
    /// <param name="offset">The offset (0 or more).</param>
    /// <returns>The bound.</returns>
    public static RangeBound AtOffset(long offset) => new(RangeBoundKind.Offset, offset);

    /// <summary>Makes a time bound: the first offset whose timestamp is at or after <paramref name="time"/> (Kafka's offsets-for-times).</summary>
    /// <param name="time">The time.</param>
    /// <returns>The bound.</returns>
    public static RangeBound AtTime(DateTimeOffset time) => new(RangeBoundKind.Time, time.ToUnixTimeMilliseconds());

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        RangeBoundKind.Offset => $"offset {Value}",
        RangeBoundKind.Time => $"time {DateTimeOffset.FromUnixTimeMilliseconds(Value):O}",
        _ => "edge",
    };
}
