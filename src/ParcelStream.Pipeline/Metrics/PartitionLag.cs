namespace ParcelStream.Pipeline.Metrics;

/// <summary>How many records of a partition the consumer has not yet consumed (high watermark minus its position).</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Partition">The partition.</param>
/// <param name="Lag">Records behind.</param>
public readonly record struct PartitionLag(string Topic, int Partition, long Lag);
