using Confluent.Kafka;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>Receives a <see cref="NativeConsumer"/>'s rebalances, on the consuming thread (inside Poll).</summary>
internal abstract class ConsumerEvents
{
    /// <summary>Partitions were added to this member.</summary>
    public abstract void OnAssigned(List<TopicPartition> partitions);

    /// <summary>Partitions are about to move away: finish and commit their work before returning.</summary>
    public abstract void OnRevoked(List<TopicPartition> partitions);

    /// <summary>Partitions were lost (the group moved on without us): do not commit them.</summary>
    public abstract void OnLost(List<TopicPartition> partitions);

    /// <summary>
    /// A partition had no valid position (auto.offset.reset=error) and now restarts at its log start, on the consuming
    /// thread, before any record of it from the new position.
    /// </summary>
    /// <param name="partition">The partition.</param>
    /// <param name="offset">The offset it could not fetch from (the committed one), or -1 when the group had committed none.</param>
    /// <param name="logStart">The log start offset it restarts at, -1 when the broker did not say.</param>
    /// <param name="logEnd">The high watermark, -1 when the broker did not say.</param>
    /// <param name="reason">librdkafka's reason.</param>
    public virtual void OnOffsetReset(TopicPartition partition, long offset, long logStart, long logEnd, string reason)
    {
    }

    /// <summary>librdkafka's statistics JSON (every statistics.interval.ms, when set), on the consuming thread; valid only during the call.</summary>
    public virtual void OnStatistics(ReadOnlySpan<byte> json)
    {
    }
}
