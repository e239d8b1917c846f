namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>How a <see cref="RangeBound"/> is given.</summary>
public enum RangeBoundKind
{
    /// <summary>The partition's first retained offset (start) or its end when the replay starts (end).</summary>
    Edge,

    /// <summary>An offset.</summary>
    Offset,

    /// <summary>A timestamp in Unix milliseconds, turned into the first offset at or after it.</summary>
    Time,
}
