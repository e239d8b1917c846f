namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>The offsets of one partition a topic range covers: from <paramref name="Start"/> up to, not including, <paramref name="End"/>.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Start">First offset read.</param>
/// <param name="End">First offset not read (start when the range is empty).</param>
public readonly record struct PartitionRange(int Partition, long Start, long End)
{
    /// <summary>Gets the number of offsets covered (messages, unless compaction or transaction markers leave gaps).</summary>
    public long Count => End - Start;
}
