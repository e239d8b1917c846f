using Confluent.Kafka;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.Metrics;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// What a transport reports to its worker: rebalances, offset resets and statistics on the consuming thread; delivery
/// reports, client errors and client logs on the clients' own threads.
/// </summary>
internal interface ITransportEvents
{
    /// <summary>Gets where the consumer's statistics go (the lag per partition).</summary>
    ConsumerLag ConsumerLag { get; }

    /// <summary>Partitions were added to this member.</summary>
    void OnAssigned(List<TopicPartition> partitions);

    /// <summary>Partitions are about to move away: their work is finished and committed before this returns.</summary>
    void OnRevoked(List<TopicPartition> partitions);

    /// <summary>Partitions were taken away without a revoke.</summary>
    void OnLost(List<TopicPartition> partitions);

    /// <summary>A partition without a valid position restarts at its log start (see <see cref="ConsumerEvents.OnOffsetReset"/>).</summary>
    void OnOffsetReset(TopicPartition partition, long offset, long logStart, long logEnd, string reason);

    /// <summary>One record of <paramref name="slot"/> was delivered (error 0), failed, or could not be queued.</summary>
    void OnDelivered(MessageSlot slot, int error);

    /// <summary>A batch of native delivery reports; the opaque of each is its slot's number.</summary>
    void OnDelivered(ReadOnlySpan<DeliveredRecord> records);

    /// <summary>A client-level error; <paramref name="fatal"/>, when set, stops the worker.</summary>
    void OnClientError(string code, string reason, Exception? fatal);

    /// <summary>An exception where none may escape (a callback from native code): the worker stops with it.</summary>
    void OnFatal(Exception exception);
}
