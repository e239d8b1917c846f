using Confluent.Kafka;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.Metrics;

namespace ParcelStream.Pipeline.Worker;

/// <content>What the transport reports: rebalances, delivery reports, client errors and logs.</content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    /// <inheritdoc />
    ConsumerLag ITransportEvents.ConsumerLag => Counters.ConsumerLag;

    /// <inheritdoc />
    void ITransportEvents.OnAssigned(List<TopicPartition> partitions) => OnAssigned(partitions);

    /// <inheritdoc />
    void ITransportEvents.OnRevoked(List<TopicPartition> partitions) => OnRevoked(partitions);

    /// <inheritdoc />
    void ITransportEvents.OnLost(List<TopicPartition> partitions) => OnLost(partitions);

    /// <inheritdoc />
    void ITransportEvents.OnOffsetReset(TopicPartition partition, long offset, long logStart, long logEnd, string reason) =>
        OnOffsetReset(partition, offset, logStart, logEnd, reason);

    /// <inheritdoc />
    void ITransportEvents.OnDelivered(MessageSlot slot, int error) => OnDelivered(slot, error);

    /// <inheritdoc />
    void ITransportEvents.OnDelivered(ReadOnlySpan<DeliveredRecord> records) => OnDeliveredBatch(records);

    /// <inheritdoc />
    void ITransportEvents.OnClientError(string code, string reason, Exception? fatal)
    {
        if (fatal is not null)
        {
            _fatal ??= fatal;
        }

        LogClientError(code, reason, fatal is not null);
    }

    /// <inheritdoc />
    void ITransportEvents.OnFatal(Exception exception) => _fatal ??= exception;

}
