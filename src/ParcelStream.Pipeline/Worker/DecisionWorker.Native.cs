using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Worker;

/// <content>The native producer's delivery reports.</content>
public sealed partial class DecisionWorker<TStage>
{
    /// <summary>RD_KAFKA_RESP_ERR__FATAL: the idempotent producer can no longer guarantee order or no-duplicates.</summary>
    private const int ErrFatal = -150;

    /// <summary>Routes the native consumer's rebalances to the worker (on the consuming thread).</summary>
    private sealed class NativeRebalance(DecisionWorker<TStage> worker) : ConsumerEvents
    {
        public override void OnAssigned(List<Confluent.Kafka.TopicPartition> partitions) => worker.OnAssigned(partitions);

        public override void OnRevoked(List<Confluent.Kafka.TopicPartition> partitions) => worker.OnRevoked(partitions);

        public override void OnLost(List<Confluent.Kafka.TopicPartition> partitions) => worker.OnLost(partitions);

        public override void OnStatistics(ReadOnlySpan<byte> json) => worker.Counters.ConsumerLag.OnStatistics(json);

        public override void OnOffsetReset(Confluent.Kafka.TopicPartition partition, long offset, long logStart, long logEnd, string reason) =>
            worker.OnOffsetReset(partition, offset, logStart, logEnd, reason);
    }

    /// <summary>Routes native delivery reports to the slot they belong to.</summary>
    private sealed class NativeDelivery(DecisionWorker<TStage> worker) : DeliveryTarget
    {
        public override void OnDeliveries(ReadOnlySpan<DeliveredRecord> records)
        {
            try
            {
                worker.OnDelivered(records);
            }
            catch (Exception ex)
            {
                // Called from native code: an exception must not escape; stop the worker instead.
                worker._fatal ??= ex;
            }
        }

        public override void OnError(int error, string reason)
        {
            bool fatal = error == ErrFatal;
            if (fatal)
            {
                worker._fatal ??= new InvalidOperationException($"The producer failed fatally: {reason}");
            }

            worker.LogClientError(error.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, fatal);
        }
    }
}
