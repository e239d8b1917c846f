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

    /// <summary>librdkafka's statistics JSON (every statistics.interval.ms, when set), on the consuming thread; valid only during the call.</summary>
    public virtual void OnStatistics(ReadOnlySpan<byte> json)
    {
    }
}
