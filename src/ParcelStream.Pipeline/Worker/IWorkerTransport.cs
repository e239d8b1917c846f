using Confluent.Kafka;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Tracing;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// How the worker reaches Kafka: its consumer, its producer, and how consumed offsets are committed. The worker takes
/// it as a struct type argument, as garnet takes its storage API, so that the lanes' produce calls are direct calls
/// with no branch on the client in use; <see cref="DecisionWorkerFactory"/> picks the closed type once, at start, from
/// <see cref="WorkerOptions.ExactlyOnce"/>. The consuming thread opens, polls, commits and closes; each lane produces
/// through a copy of its own, which shares the clients.
/// </summary>
internal interface IWorkerTransport : IDisposable
{
    /// <summary>
    /// Gets whether decisions and offsets commit together in transactions (exactly once): the worker then commits only
    /// once everything consumed is acknowledged, stops on any refused record (it aborts the whole transaction), and has
    /// no uncommitted decisions to read cut-offs back from.
    /// </summary>
    static abstract bool Transactional { get; }

    /// <summary>Creates the clients, before the consuming thread and the lanes start.</summary>
    /// <param name="options">The worker's options.</param>
    /// <param name="kafkaSettings">The pass-through librdkafka settings.</param>
    /// <param name="pool">The slots consumed records are copied into.</param>
    /// <param name="events">Where rebalances, delivery reports and client errors go.</param>
    void Open(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings, SlotPool pool, ITransportEvents events);

    /// <summary>Subscribes to the input (and repartition) topics.</summary>
    void Subscribe(string[] topics);

    /// <summary>Takes records fetched into <paramref name="batch"/>, waiting a short while for the first.</summary>
    /// <param name="batch">Where the slots go, from index 0.</param>
    /// <param name="limit">The most records to take (a transport may take fewer).</param>
    /// <param name="error">A consume error that is not fatal, to be logged; null otherwise.</param>
    /// <returns>The number of records taken.</returns>
    int Poll(MessageSlot[] batch, int limit, out string? error);

    /// <summary>Commits offsets: the consumer group's, or the open transaction with its decisions.</summary>
    /// <returns>Null, or why the commit failed (not fatal: the offsets go out with the next commit, or are redone).</returns>
    string? Commit(List<TopicPartitionOffset> offsets);

    /// <summary>
    /// After a <see cref="Commit"/> the worker has counted and logged: a failed transaction is aborted and the consumer
    /// rewound to the committed offsets; a transactional transport then begins the next transaction.
    /// </summary>
    void AfterCommit(List<TopicPartitionOffset> offsets, bool committed);

    /// <summary>Waits until every produced record is delivered (or failed).</summary>
    void Flush(TimeSpan timeout);

    /// <summary>Leaves the group at once, so that the partitions move without waiting for the session timeout.</summary>
    void Close();

    /// <summary>Gets a topic as this transport addresses it; made once per topic and lane, not per record.</summary>
    OutputTopic Topic(string name);

    /// <summary>Produces one record for <paramref name="slot"/>; its delivery report goes to <see cref="ITransportEvents.OnDelivered(MessageSlot, int)"/>.</summary>
    void Produce(in OutgoingRecord record, MessageSlot slot);

    /// <summary>
    /// Produces a decision (or amendment) keyed by its tracking number and timestamped with its decision time, with the
    /// headers that reproduce it: manifest id, ruleset version, and the cut-off and risk history when given; and the W3C
    /// trace context (<c>traceparent</c>, <c>tracestate</c>) when tracing gives one.
    /// </summary>
    /// <param name="topic">The topic of its outcome.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="value">Its encoded bytes.</param>
    /// <param name="cutoff">The inspection cut-off, formatted; empty for none.</param>
    /// <param name="riskHistory">The risk history, formatted; empty for none.</param>
    /// <param name="trace">The trace context to pass on; empty for none.</param>
    /// <param name="slot">The consumed record it decides.</param>
    void ProduceDecision(in OutputTopic topic, CustomsDecision decision, ReadOnlySpan<byte> value, ReadOnlySpan<byte> cutoff, ReadOnlySpan<byte> riskHistory, TraceHeaders trace, MessageSlot slot);
}
