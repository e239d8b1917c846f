using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Codec.Inspections;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Metrics;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// Joins inspection results to decisions and keeps the statistics, Kafka Streams style, in one consumer group:
/// results (any key) are re-keyed by manifestId through the repartition topic; the decided topic (written by the
/// worker, keyed by manifestId) and the repartition topic are co-partitioned, and the range assignor gives partition p of
/// both to the same member, which holds the join state of p (<see cref="JoinPartition"/>). Each counted result updates
/// the lines of its rules, its seller, its consignor and (random selections) the baseline, written to the compacted
/// statistics topic as this partition's share with the input offsets included, which makes re-processing after a crash
/// idempotent. Input offsets are committed only after the statistics written before them are acknowledged.
/// </summary>
internal sealed partial class FeedbackJoin : IDisposable
{
    private readonly FeedbackOptions _options;
    private readonly Dictionary<string, string> _config;
    private readonly int _statisticsIntervalMs;
    private readonly string _groupId;
    private readonly FeedbackStatsTable _table;
    private readonly SchemaRegistry _registry;
    private readonly RegistrySchemas? _schemas;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Dictionary<int, JoinPartition> _partitions = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConsumer<byte[], byte[]>? _consumer;
    private IProducer<byte[], byte[]>? _producer;
    private Thread? _thread;
    private volatile string? _deliveryError;
    private string? _lastConsumeError;
    private long _results;
    private long _unmatched;
    private long _deadLettered;

    /// <summary>Initializes the join.</summary>
    /// <param name="options">The feedback options.</param>
    /// <param name="groupId">The join's consumer group.</param>
    /// <param name="clientConfig">librdkafka properties (bootstrap.servers included).</param>
    /// <param name="table">The statistics table the partitions' shares are read from.</param>
    /// <param name="registry">The codec's schemas results are read with.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="clock">The clock of the retention; the system clock when null.</param>
    /// <param name="statisticsIntervalMs">librdkafka's statistics interval (the join's lag); 0 is never.</param>
    /// <param name="schemas">The Confluent Schema Registry, when one is configured: unknown ids of results are fetched from it.</param>
    public FeedbackJoin(FeedbackOptions options, string groupId, IReadOnlyDictionary<string, string> clientConfig, FeedbackStatsTable table, SchemaRegistry registry, ILogger logger, TimeProvider? clock = null, int statisticsIntervalMs = 5_000, RegistrySchemas? schemas = null)
    {
        _schemas = schemas;
        _statisticsIntervalMs = statisticsIntervalMs;
        _options = options;
        _groupId = groupId;
        _config = new Dictionary<string, string>(clientConfig, StringComparer.Ordinal);
        _table = table;
        _registry = registry;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Gets the join consumer's lag per assigned partition, from librdkafka's statistics (0 interval: never updated).</summary>
    public ConsumerLag Lag { get; } = new();

    /// <summary>Gets a task that completes when the join has stopped (faulted if it stopped on an error).</summary>
    public Task Completion => _completion.Task;

    /// <summary>Gets the inspection results counted (joined to their decision) since start.</summary>
    public long ResultsCounted => Interlocked.Read(ref _results);

    /// <summary>Gets the results whose decision is unknown so far (waiting in the join's state).</summary>
    public long ResultsWaiting => Interlocked.Read(ref _unmatched);

    /// <summary>Gets the inspection results dead-lettered (undecodable).</summary>
    public long ResultsDeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Starts the join's thread.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { Name = "parcelstream-feedback-join", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Stops: finishes the record in hand, flushes, commits, leaves the group.</summary>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Worker.ThreadStop.StopAsync(_stopping, _thread is not null, _completion.Task, cancellationToken);

    public void Dispose()
    {
        _stopping.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(30));
        _stopping.Dispose();
    }

    /// <summary>The feedback producer's queue (KiB): about 100,000 statistics lines.</summary>
    private const int FeedbackQueueKBytes = 8192;

    private void Run()
    {
        try
        {
            _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(_config.Where(kv => !Worker.KafkaSettings.ConsumerOnly.Contains(kv.Key)).ToDictionary())
            {
                EnableIdempotence = true,
                Acks = Acks.All,
                LingerMs = 5,
                ClientId = "parcelstream-feedback",

                // Catching up after a restart, the join writes a statistics line per key of every decided parcel in a
                // burst; librdkafka's 1 GiB default would hold it all natively. Full queue: Produce waits (backpressure).
                QueueBufferingMaxKbytes = FeedbackQueueKBytes,
            }).SetLogHandler(KafkaLog.Shared.Handler()).Build();
            _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(KafkaSettings.ForReader(_config))
            {
                GroupId = _groupId,
                EnableAutoCommit = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,

                // Range gives partition p of every subscribed topic with the same partition count to the same member:
                // the co-partitioning the join needs (as Kafka Streams' assignor does).
                PartitionAssignmentStrategy = PartitionAssignmentStrategy.Range,
                ClientId = "parcelstream-feedback",

                // The join's lag per partition (parcelstream_feedback_consumer_lag), as the worker reports its own.
                StatisticsIntervalMs = _statisticsIntervalMs,
            })
                .SetLogHandler(KafkaLog.Shared.Handler())
                .SetStatisticsHandler((_, json) => Lag.OnStatistics(json))
                .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
                .SetPartitionsRevokedHandler((_, revoked) => OnRevoked(revoked))
                .SetPartitionsLostHandler((_, lost) => DropState(lost.Select(p => p.TopicPartition)))
                .Build();
            _consumer.Subscribe([_options.ResultsTopic, _options.DecidedTopic, _options.RepartitionTopic]);
            long lastCommit = Environment.TickCount64;
            long lastExpiry = Environment.TickCount64;
            while (!_stopping.IsCancellationRequested)
            {
                ConsumeResult<byte[], byte[]>? result = Consume(_consumer);
                if (result is not null && !result.IsPartitionEOF)
                {
                    Process(result);
                }

                if (_deliveryError is { } error)
                {
                    throw new KafkaException(new Error(ErrorCode.Local_Fail, $"A feedback record was not delivered: {error}"));
                }

                if (Environment.TickCount64 - lastCommit >= _options.CommitIntervalMs)
                {
                    Commit();
                    lastCommit = Environment.TickCount64;
                }

                if (Environment.TickCount64 - lastExpiry >= 60_000)
                {
                    Expire();
                    lastExpiry = Environment.TickCount64;
                }
            }

            Commit();
            _consumer.Close();
            _completion.TrySetResult();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped while a rebalance was restoring: nothing of the new partitions was processed, and the next owner
            // resumes from the committed offsets. A stop is not a failure (the process must exit 0 on SIGTERM).
            _completion.TrySetResult();
        }
        catch (Exception ex)
        {
            LogJoinFailed(_logger, ex);
            _completion.TrySetException(ex);
        }
        finally
        {
            _consumer?.Dispose();
            _producer?.Dispose();
        }
    }

    private ConsumeResult<byte[], byte[]>? Consume(IConsumer<byte[], byte[]> consumer)
    {
        try
        {
            return consumer.Consume(100);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            // E.g. a subscribed topic that does not exist yet: consuming goes on, the error is logged once per kind.
            if (ex.Error.Reason != _lastConsumeError)
            {
                _lastConsumeError = ex.Error.Reason;
                LogConsumeError(_logger, ex.Error.Reason);
            }

            return null;
        }
    }

    private void Process(ConsumeResult<byte[], byte[]> record)
    {
        string topic = record.Topic;
        if (topic == _options.ResultsTopic)
        {
            Repartition(record);
        }
        else if (topic == _options.DecidedTopic)
        {
            OnDecided(record);
        }
        else
        {
            OnResult(record);
        }
    }

    /// <summary>Re-keys a result by manifestId (the bytes unchanged), or dead-letters it with the reason.</summary>
    private void Repartition(ConsumeResult<byte[], byte[]> record)
    {
        byte[]? value = record.Message.Value;
        InspectionReport? report = null;
        bool abandoned = false;
        AvroError error = value is null ? new AvroError(AvroErrorCode.Truncated, 0) : ReadResult(value, out report, out abandoned);
        if (abandoned)
        {
            return; // stopping while the registry is unreachable: neither re-keyed nor dead-lettered, nor committed
        }

        if (error.IsError || report is null)
        {
            Interlocked.Increment(ref _deadLettered);
            LogBadResult(_logger, record.TopicPartition.ToString(), record.Offset.Value, error.ToString());
            var headers = new Headers
            {
                { Worker.DeadLetterHeaders.ErrorCode, System.Text.Encoding.UTF8.GetBytes(value is null ? "EmptyMessage" : error.Code.ToString()) },
                { Worker.DeadLetterHeaders.ErrorOffset, System.Text.Encoding.UTF8.GetBytes(error.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                { Worker.DeadLetterHeaders.SourceTopic, System.Text.Encoding.UTF8.GetBytes(record.Topic) },
                { Worker.DeadLetterHeaders.SourcePartition, System.Text.Encoding.UTF8.GetBytes(record.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
                { Worker.DeadLetterHeaders.SourceOffset, System.Text.Encoding.UTF8.GetBytes(record.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
            };
            Produce(_options.ResultsDeadLetterTopic, new Message<byte[], byte[]> { Key = record.Message.Key, Value = value!, Headers = headers });
            return;
        }

        Produce(_options.RepartitionTopic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(report.ManifestId), Value = value! });
    }

    private void OnDecided(ConsumeResult<byte[], byte[]> record)
    {
        if (!_partitions.TryGetValue(record.Partition.Value, out JoinPartition? state))
        {
            return;
        }

        if (record.Message.Value is null || !DecidedRecord.TryRead(record.Message.Value, out DecidedParcel? parcel) || parcel is null)
        {
            LogBadDecided(_logger, record.TopicPartition.ToString(), record.Offset.Value);
            return;
        }

        long offset = record.Offset.Value;
        if (state.Decided.ContainsKey(parcel.ManifestId))
        {
            // A re-delivered decision (same manifestId): the first one is what results are attributed to, counted once.
            return;
        }

        var entry = new JoinPartition.DecidedEntry(parcel);
        state.Decided[parcel.ManifestId] = entry;

        EntityCounts delta = FeedbackTally.DecidedDelta;
        if (state.Pending.Remove(parcel.ManifestId, out JoinPartition.PendingResult pending))
        {
            // The result came first: counted now, with the decision, under the decided offset.
            delta += FeedbackTally.ResultDelta(null, pending.Result);
            entry.Applied = pending.Result;
            Interlocked.Decrement(ref _unmatched);
            Interlocked.Increment(ref _results);
        }

        foreach (FeedbackKey key in parcel.Keys)
        {
            StatsLine line = state.Shares.GetValueOrDefault(key, StatsLine.Empty);
            if (offset <= line.DecidedOffset)
            {
                continue; // already counted before a restart
            }

            Write(state, key, line with { Counts = line.Counts + delta, DecidedOffset = offset });
        }
    }

    private void OnResult(ConsumeResult<byte[], byte[]> record)
    {
        // A re-keyed result carries the id its producer gave: after a restart the codec may not know it yet.
        if (!_partitions.TryGetValue(record.Partition.Value, out JoinPartition? state) || record.Message.Value is null
            || ReadResult(record.Message.Value, out InspectionReport? report, out _).IsError || report is null)
        {
            return;
        }

        long offset = record.Offset.Value;
        if (!state.Decided.TryGetValue(report.ManifestId, out JoinPartition.DecidedEntry? entry))
        {
            if (state.Pending.TryAdd(report.ManifestId, new JoinPartition.PendingResult(report.Result, report.InspectedAtMillis)))
            {
                Interlocked.Increment(ref _unmatched);
            }
            else
            {
                state.Pending[report.ManifestId] = new JoinPartition.PendingResult(report.Result, report.InspectedAtMillis);
            }

            return;
        }

        if (entry.Applied == report.Result)
        {
            return; // the same result again
        }

        EntityCounts delta = FeedbackTally.ResultDelta(entry.Applied, report.Result);
        if (entry.Applied is null)
        {
            Interlocked.Increment(ref _results);
        }

        entry.Applied = report.Result;
        foreach (FeedbackKey key in entry.Parcel.Keys)
        {
            StatsLine line = state.Shares.GetValueOrDefault(key, StatsLine.Empty);
            if (offset <= line.ResultOffset)
            {
                continue; // already counted before a restart
            }

            Write(state, key, line with { Counts = line.Counts + delta, ResultOffset = offset });
        }
    }

    private void Write(JoinPartition state, FeedbackKey key, StatsLine line)
    {
        state.Shares[key] = line;
        Produce(_options.StatsTopic, new Message<byte[], byte[]> { Key = StatsRecord.Key(key, state.Partition), Value = StatsRecord.Value(line) });
    }

    private void Produce(string topic, Message<byte[], byte[]> message)
    {
        while (true)
        {
            try
            {
                _producer!.Produce(topic, message, report =>
                {
                    if (report.Error.IsError)
                    {
                        _deliveryError ??= report.Error.Reason;
                    }
                });
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer!.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>Commits what was processed, once everything it wrote is acknowledged.</summary>
    private void Commit()
    {
        // A record given up while the registry was unreachable must be consumed again: nothing is committed past it.
        if (_consumer is null || _consumer.Assignment.Count == 0 || _abandoned)
        {
            return;
        }

        _producer!.Flush(TimeSpan.FromMilliseconds(_options.RestoreTimeoutMs));
        if (_deliveryError is not null)
        {
            return;
        }

        try
        {
            _consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.Local_NoOffset)
        {
            // Nothing consumed since the last commit.
        }
        catch (KafkaException ex) when (!ex.Error.IsFatal)
        {
            LogCommitFailed(_logger, ex.Error.Reason);
        }
    }

    /// <summary>Drops decided manifests and waiting results older than the retention (event time, i.e. decidedAt and inspectedAt).</summary>
    private void Expire()
    {
        long cutoff = _clock.GetUtcNow().ToUnixTimeMilliseconds() - (_options.RetentionDays * 86_400_000L);
        foreach (JoinPartition state in _partitions.Values)
        {
            foreach (string id in state.Decided.Where(kv => kv.Value.Parcel.DecidedAtMillis < cutoff).Select(kv => kv.Key).ToList())
            {
                state.Decided.Remove(id);
            }

            foreach (string id in state.Pending.Where(kv => kv.Value.InspectedAtMillis < cutoff).Select(kv => kv.Key).ToList())
            {
                state.Pending.Remove(id);
                Interlocked.Decrement(ref _unmatched);
            }
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "The feedback join stopped on an error")]
    private static partial void LogJoinFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Inspection result {Partition} offset {Offset} dead-lettered: {Error}")]
    private static partial void LogBadResult(ILogger logger, string partition, long offset, string error);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Skipped a decided record that is not one ({Partition} offset {Offset})")]
    private static partial void LogBadDecided(ILogger logger, string partition, long offset);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Warning, Message = "Consuming feedback topics: {Reason} (retrying)")]
    private static partial void LogConsumeError(ILogger logger, string reason);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Committing feedback offsets failed (retried with the next commit): {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string reason);
}
