using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Tracing;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// The exactly-once transport: Confluent.Kafka's consumer and transactional producer, because transactions need the
/// consumer group metadata object its consumer provides. Decisions and the offsets they consumed commit in one
/// transaction; a failed commit aborts it and rewinds the consumer, so the aborted decisions are made again. Records
/// are Confluent.Kafka messages (arrays per record); each slot's delivery handler is made once and reused.
/// </summary>
internal partial struct TransactionalTransport : IWorkerTransport
{
    /// <summary>How long a poll waits for a record: short enough for a stop to be seen within it, long enough not to spin.</summary>
    private const int PollTimeoutMs = 100;

    /// <summary>How long a lane waits for deliveries to make room in a full producer queue before trying again (backpressure).</summary>
    private const int QueueFullWaitMs = 1;

    private IConsumer<SlotKey, MessageSlot>? _consumer;
    private IProducer<byte[], byte[]>? _producer;
    private ITransportEvents? _events;
    private TimeSpan _timeout;

    // Per lane (each lane produces through its own copy): the last ruleset version header, kept as long as it is the same.
    private byte[]? _rulesetVersion;

    /// <inheritdoc />
    public static bool Transactional => true;

    /// <inheritdoc />
    public void Open(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings, SlotPool pool, ITransportEvents events)
    {
        _events = events;
        _timeout = TimeSpan.FromMilliseconds(options.DrainTimeoutMs);
        _consumer = BuildConsumer(options, kafkaSettings, pool, events);
        _producer = BuildProducer(options, kafkaSettings, events);
        _producer.InitTransactions(_timeout);
        _producer.BeginTransaction();
    }

    /// <inheritdoc />
    public readonly void Subscribe(string[] topics) => _consumer!.Subscribe(topics);

    /// <summary>Takes the next record, if one comes within the poll timeout.</summary>
    /// <inheritdoc />
    public readonly int Poll(MessageSlot[] batch, int limit, out string? error)
    {
        error = null;
        ConsumeResult<SlotKey, MessageSlot>? result;
        try
        {
            result = _consumer!.Consume(PollTimeoutMs);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            error = ex.Error.Reason;
            return 0;
        }

        if (result is null || result.IsPartitionEOF)
        {
            return 0;
        }

        MessageSlot slot = result.Message.Value;
        slot.TopicPartition = result.TopicPartition;
        slot.Offset = result.Offset.Value;
        slot.TimestampMillis = result.Message.Timestamp.UnixTimestampMs;
        slot.ClearHeaders();
        if (result.Message.Headers is { } headers)
        {
            foreach (IHeader h in headers)
            {
                slot.AddHeader(Encoding.UTF8.GetBytes(h.Key), h.GetValueBytes());
            }
        }

        batch[0] = slot;
        return 1;
    }

    /// <summary>The offsets join the open transaction, which then commits atomically with the decisions.</summary>
    /// <inheritdoc />
    public readonly string? Commit(List<TopicPartitionOffset> offsets)
    {
        try
        {
            _producer!.SendOffsetsToTransaction(offsets, _consumer!.ConsumerGroupMetadata, _timeout);
            _producer.CommitTransaction(_timeout);
            return null;
        }
        catch (KafkaException ex)
        {
            return ex.Error.Reason;
        }
    }

    /// <inheritdoc />
    public readonly void AfterCommit(List<TopicPartitionOffset> offsets, bool committed)
    {
        if (!committed)
        {
            _producer!.AbortTransaction(_timeout);

            // The aborted decisions must be made again: rewind to the last committed offsets.
            foreach (TopicPartitionOffset last in _consumer!.Committed(offsets.Select(o => o.TopicPartition), _timeout))
            {
                _consumer.Seek(new TopicPartitionOffset(last.TopicPartition, last.Offset.IsSpecial ? Offset.Beginning : last.Offset));
            }
        }

        _producer!.BeginTransaction();
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

    /// <inheritdoc />
    public readonly OutputTopic Topic(string name) => new(name, 0);

    /// <inheritdoc />
    public readonly void Produce(in OutgoingRecord record, MessageSlot slot)
    {
        var message = new Message<byte[], byte[]>
        {
            Key = record.KeyIsNull ? null! : record.Key.ToArray(),
            Value = record.ValueIsNull ? null! : record.Value.ToArray(),
            Timestamp = record.TimestampMillis != 0 ? new Timestamp(record.TimestampMillis, TimestampType.CreateTime) : default,
            Headers = record.Headers is { } headers ? ToHeaders(headers) : null!,
        };
        Produce(new TopicPartition(record.Topic.Name, record.Partition), message, slot);
    }

    /// <inheritdoc />
    public void ProduceDecision(in OutputTopic topic, CustomsDecision decision, ReadOnlySpan<byte> value, ReadOnlySpan<byte> cutoff, ReadOnlySpan<byte> riskHistory, TraceHeaders trace, MessageSlot slot)
    {
        if (_rulesetVersion is null || !decision.RulesetVersion.SequenceEqual(_rulesetVersion))
        {
            _rulesetVersion = decision.RulesetVersion.ToArray();
        }

        var message = new Message<byte[], byte[]>
        {
            Key = decision.TrackingNumber.ToArray(),
            Value = value.ToArray(),
            Timestamp = decision.DecidedAtMillis > 0 ? new Timestamp(decision.DecidedAtMillis, TimestampType.CreateTime) : default,
            Headers = new Headers
            {
                { DeadLetterHeaders.ManifestId, decision.ManifestId.ToArray() },
                { DeadLetterHeaders.RulesetVersion, _rulesetVersion },
            },
        };
        if (cutoff.Length > 0)
        {
            message.Headers.Add(DeadLetterHeaders.Cutoff, cutoff.ToArray());
        }

        if (riskHistory.Length > 0)
        {
            message.Headers.Add(DeadLetterHeaders.RiskHistory, riskHistory.ToArray());
        }

        if (trace.Parent.Length > 0)
        {
            message.Headers.Add(PipelineTracing.TraceParentHeader, trace.Parent.ToArray());
            if (trace.State.Length > 0)
            {
                message.Headers.Add(PipelineTracing.TraceStateHeader, trace.State.ToArray());
            }
        }

        Produce(new TopicPartition(topic.Name, Partition.Any), message, slot);
    }

    /// <summary>The laid-out headers as Confluent.Kafka headers.</summary>
    private static Headers ToHeaders(RecordHeaders laid)
    {
        var headers = new Headers();
        for (int i = 0; i < laid.Count; i++)
        {
            headers.Add(Encoding.UTF8.GetString(laid.Name(i)), laid.Value(i).ToArray());
        }

        return headers;
    }

    private readonly void Produce(TopicPartition topic, Message<byte[], byte[]> message, MessageSlot slot)
    {
        ITransportEvents events = _events!;
        slot.Delivered ??= report => events.OnDelivered(slot, (int)report.Error.Code);
        while (true)
        {
            try
            {
                _producer!.Produce(topic, message, slot.Delivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The producer's queue is full: wait for deliveries to make room (backpressure).
                Thread.Sleep(QueueFullWaitMs);
            }
        }
    }
}
