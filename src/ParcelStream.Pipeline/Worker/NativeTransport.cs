using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.Tracing;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// The at-least-once transport: librdkafka driven through P/Invoke (<see cref="NativeConsumer"/>,
/// <see cref="NativeProducer"/>), no managed object per record. Each record carries its slot's number as the opaque
/// its delivery report brings back; topics are addressed by handle and headers laid out as librdkafka reads them,
/// pinned for the call.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "It is disposable (IWorkerTransport); the analyzer does not see it on a struct. Its worker disposes it once, the lanes' copies never.")]
internal unsafe struct NativeTransport : IWorkerTransport
{
    /// <summary>How long a poll waits for the first record: short enough for a stop to be seen within it, long enough not to spin.</summary>
    private const int PollTimeoutMs = 100;

    /// <summary>RD_KAFKA_RESP_ERR__FATAL: the idempotent producer can no longer guarantee order or no-duplicates.</summary>
    private const int ErrFatal = -150;

    private static readonly byte[] s_manifestIdHeader = NativeProducer.CString(DeadLetterHeaders.ManifestId);
    private static readonly byte[] s_rulesetVersionHeader = NativeProducer.CString(DeadLetterHeaders.RulesetVersion);
    private static readonly byte[] s_riskHistoryHeader = NativeProducer.CString(DeadLetterHeaders.RiskHistory);
    private static readonly byte[] s_cutoffHeader = NativeProducer.CString(DeadLetterHeaders.Cutoff);
    private static readonly byte[] s_traceParentHeader = NativeProducer.CString(PipelineTracing.TraceParentHeader);
    private static readonly byte[] s_traceStateHeader = NativeProducer.CString(PipelineTracing.TraceStateHeader);

    private NativeConsumer? _consumer;
    private NativeProducer? _producer;
    private ITransportEvents? _events;

    /// <inheritdoc />
    public static bool Transactional => false;

    /// <inheritdoc />
    public void Open(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings, SlotPool pool, ITransportEvents events)
    {
        _events = events;
        _consumer = new NativeConsumer(ConsumerSettings(options, kafkaSettings), new Rebalance(events), pool);
        _producer = new NativeProducer(KafkaSettings.DecisionProducer(options.BootstrapServers, options.MaxInFlight, kafkaSettings), new Delivery(events));
    }

    /// <inheritdoc />
    public readonly void Subscribe(string[] topics) => _consumer!.Subscribe(topics);

    /// <summary>Takes every record already fetched, up to <paramref name="limit"/>, or waits for one.</summary>
    /// <inheritdoc />
    public readonly int Poll(MessageSlot[] batch, int limit, out string? error) => _consumer!.PollBatch(batch, limit, PollTimeoutMs, out error);

    /// <inheritdoc />
    public readonly string? Commit(List<TopicPartitionOffset> offsets) => _consumer!.Commit(offsets);

    /// <summary>Nothing to do: offsets that failed to commit stay uncommitted and go out with the next commit.</summary>
    /// <inheritdoc />
    public readonly void AfterCommit(List<TopicPartitionOffset> offsets, bool committed)
    {
    }

    /// <inheritdoc />
    public readonly void Flush(TimeSpan timeout) => _producer?.Flush(timeout);

    /// <inheritdoc />
    public readonly void Close() => _consumer?.Close();

    /// <inheritdoc />
    public readonly void Dispose()
    {
        _consumer?.Dispose();
        _producer?.Dispose();
    }

    /// <summary>Producing by handle spares librdkafka a lookup by name under its handle-wide write lock for every record.</summary>
    /// <inheritdoc />
    public readonly OutputTopic Topic(string name) => new(name, _producer!.Topic(name));

    /// <inheritdoc />
    public readonly void Produce(in OutgoingRecord record, MessageSlot slot)
    {
        // An empty span is passed as a null pointer: a null key or value and an empty one are the same record here.
        if (record.Headers is not { } headers)
        {
            Produce(record.Topic.Handle, record.Key, record.Value, [], slot, record.Partition, record.TimestampMillis);
            return;
        }

        fixed (byte* scratch = headers.Buffer)
        {
            Span<HeaderRef> refs = stackalloc HeaderRef[headers.Count];
            headers.Fill(refs, scratch);
            Produce(record.Topic.Handle, record.Key, record.Value, refs, slot, record.Partition, record.TimestampMillis);
        }
    }

    /// <inheritdoc />
    public readonly void ProduceDecision(in OutputTopic topic, CustomsDecision decision, ReadOnlySpan<byte> value, ReadOnlySpan<byte> cutoff, ReadOnlySpan<byte> riskHistory, TraceHeaders trace, MessageSlot slot)
    {
        fixed (byte* manifestId = decision.ManifestId)
        fixed (byte* version = decision.RulesetVersion)
        fixed (byte* history = riskHistory)
        fixed (byte* cutoffValue = cutoff)
        fixed (byte* manifestIdName = s_manifestIdHeader)
        fixed (byte* versionName = s_rulesetVersionHeader)
        fixed (byte* historyName = s_riskHistoryHeader)
        fixed (byte* cutoffName = s_cutoffHeader)
        fixed (byte* traceParent = trace.Parent)
        fixed (byte* traceState = trace.State)
        fixed (byte* traceParentName = s_traceParentHeader)
        fixed (byte* traceStateName = s_traceStateHeader)
        {
            Span<HeaderRef> headers =
            [
                new HeaderRef(manifestIdName, manifestId, decision.ManifestId.Length),
                new HeaderRef(versionName, version, decision.RulesetVersion.Length),
                default,
                default,
                default,
                default,
            ];
            int count = 2;
            if (cutoff.Length > 0)
            {
                headers[count++] = new HeaderRef(cutoffName, cutoffValue, cutoff.Length);
            }

            if (riskHistory.Length > 0)
            {
                headers[count++] = new HeaderRef(historyName, history, riskHistory.Length);
            }

            if (trace.Parent.Length > 0)
            {
                headers[count++] = new HeaderRef(traceParentName, traceParent, trace.Parent.Length);
                if (trace.State.Length > 0)
                {
                    headers[count++] = new HeaderRef(traceStateName, traceState, trace.State.Length);
                }
            }

            // The record's timestamp is the decision's decidedAt (librdkafka would read the clock again otherwise).
            Produce(topic.Handle, decision.TrackingNumber, value, headers[..count], slot, -1, decision.DecidedAtMillis);
        }
    }

    /// <summary>The settings of the at-least-once consumer (librdkafka property names).</summary>
    private static Dictionary<string, string> ConsumerSettings(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings)
    {
        var settings = new Dictionary<string, string>(kafkaSettings, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = options.BootstrapServers,
            ["group.id"] = options.GroupId,
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            // Not earliest: a committed offset that is not in the log is handled by OnOffsetReset, which says what it skips.
            ["auto.offset.reset"] = "error",
            ["partition.assignment.strategy"] = "cooperative-sticky",
            ["client.id"] = "parcelstream-worker",
        };
        KafkaSettings.AddConsumerDefaults(settings);
        KafkaSettings.AddGroupDefaults(settings, options);
        if (options.StatisticsIntervalMs > 0)
        {
            // Consumer lag per partition for the metrics comes from these statistics.
            settings.TryAdd("statistics.interval.ms", options.StatisticsIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return settings;
    }

    private readonly void Produce(nint topic, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, ReadOnlySpan<HeaderRef> headers, MessageSlot slot, int partition, long timestampMillis)
    {
        int error = _producer!.Produce(topic, key, value, headers, slot.Id, partition, timestampMillis);
        if (error != 0)
        {
            // With RD_KAFKA_MSG_F_BLOCK a full queue waits instead; anything else means this record was not queued.
            _events!.OnDelivered(slot, error);
        }
    }

    /// <summary>Routes the native consumer's rebalances, offset resets and statistics to the worker (on the consuming thread).</summary>
    private sealed class Rebalance(ITransportEvents events) : ConsumerEvents
    {
        public override void OnAssigned(List<TopicPartition> partitions) => events.OnAssigned(partitions);

        public override void OnRevoked(List<TopicPartition> partitions) => events.OnRevoked(partitions);

        public override void OnLost(List<TopicPartition> partitions) => events.OnLost(partitions);

        public override void OnStatistics(ReadOnlySpan<byte> json) => events.ConsumerLag.OnStatistics(json);

        public override void OnOffsetReset(TopicPartition partition, long offset, long logStart, long logEnd, string reason) =>
            events.OnOffsetReset(partition, offset, logStart, logEnd, reason);
    }

    /// <summary>Routes native delivery reports and producer errors to the worker (on the producer's poll thread).</summary>
    private sealed class Delivery(ITransportEvents events) : DeliveryTarget
    {
        public override void OnDeliveries(ReadOnlySpan<DeliveredRecord> records)
        {
            try
            {
                events.OnDelivered(records);
            }
            catch (Exception ex)
            {
                // Called from native code: an exception must not escape; stop the worker instead.
                events.OnFatal(ex);
            }
        }

        public override void OnError(int error, string reason)
        {
            Exception? fatal = error == ErrFatal ? new InvalidOperationException($"The producer failed fatally: {reason}") : null;
            events.OnClientError(error.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, fatal);
        }
    }
}
