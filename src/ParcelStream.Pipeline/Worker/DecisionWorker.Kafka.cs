using Confluent.Kafka;

namespace ParcelStream.Pipeline.Worker;

/// <content>Kafka clients, rebalances and commits.</content>
public sealed partial class DecisionWorker<TStage>
{
    private IProducer<byte[], byte[]> BuildProducer()
    {
        var config = new ProducerConfig(KafkaSettings.DecisionProducer(_options.BootstrapServers, _options.MaxInFlight, _kafkaSettings, _options.ExactlyOnce ? _options.TransactionalId : null));
        return new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, e) => OnClientError(e))
            .SetLogHandler((_, m) => LogKafka(m.Level, m.Facility, m.Message))
            .Build();
    }

    /// <summary>The settings of the at-least-once producer (librdkafka property names).</summary>
    private Dictionary<string, string> NativeProducerSettings() => KafkaSettings.DecisionProducer(_options.BootstrapServers, _options.MaxInFlight, _kafkaSettings);

    /// <summary>The settings of the at-least-once consumer (librdkafka property names).</summary>
    private Dictionary<string, string> NativeConsumerSettings()
    {
        var settings = new Dictionary<string, string>(_kafkaSettings, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = _options.BootstrapServers,
            ["group.id"] = _options.GroupId,
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            // Not earliest: a committed offset that is not in the log is handled by OnOffsetReset, which says what it skips.
            ["auto.offset.reset"] = "error",
            ["partition.assignment.strategy"] = "cooperative-sticky",
            ["client.id"] = "parcelstream-worker",
        };
        KafkaSettings.AddConsumerDefaults(settings);
        KafkaSettings.AddGroupDefaults(settings, _options);
        if (_options.StatisticsIntervalMs > 0)
        {
            // Consumer lag per partition for the metrics comes from these statistics.
            settings.TryAdd("statistics.interval.ms", _options.StatisticsIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return settings;
    }

    private void FlushProducer()
    {
        var timeout = TimeSpan.FromMilliseconds(_options.DrainTimeoutMs);
        _producer?.Flush(timeout);
        _native?.Flush(timeout);
    }

    private IConsumer<SlotKey, MessageSlot> BuildConsumer()
    {
        Dictionary<string, string> settings = KafkaSettings.WithConsumerDefaults(_kafkaSettings);
        KafkaSettings.AddGroupDefaults(settings, _options);
        var config = new ConsumerConfig(settings)
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            IsolationLevel = _options.ExactlyOnce ? IsolationLevel.ReadCommitted : IsolationLevel.ReadUncommitted,
            StatisticsIntervalMs = _options.StatisticsIntervalMs,
            ClientId = "parcelstream-worker",
        };
        var deserializers = new SlotDeserializers(_pool);
        return new ConsumerBuilder<SlotKey, MessageSlot>(config)
            .SetKeyDeserializer(deserializers)
            .SetValueDeserializer(deserializers)
            .SetErrorHandler((_, e) => OnClientError(e))
            .SetLogHandler((_, m) => LogKafka(m.Level, m.Facility, m.Message))
            .SetStatisticsHandler((_, json) => Counters.ConsumerLag.OnStatistics(json))
            .SetPartitionsAssignedHandler((_, assigned) => OnAssigned(assigned))
            .SetPartitionsRevokedHandler((_, revoked) => OnRevoked(revoked.Select(r => r.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, lost) => OnLost(lost.Select(r => r.TopicPartition).ToList()))
            .Build();
    }

    private void OnAssigned(List<TopicPartition> assigned)
    {
        Counters.OnRebalance();
        SetAssigned(assigned, true);
        LogAssigned(string.Join(",", assigned));
        if (_stores is not null)
        {
            // Restored here, on the consuming thread, so no record of these partitions is dispatched before their store is complete.
            List<int> partitions = StorePartitions(assigned);
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            long records = _stores.OnAssigned(partitions, p => _lanes[p % _lanes.Length].Sink);
            LogRestored(_stores.ChangelogTopic, string.Join(",", partitions), records, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        RecoverCutoffs(assigned);

        // Counted once usable: with stateful stages, after their stores are restored.
        Interlocked.Add(ref _assignedPartitions, assigned.Count);
    }

    private List<int> StorePartitions(List<TopicPartition> partitions) => [.. partitions.Where(IsRepartition).Select(tp => tp.Partition.Value)];

    /// <summary>Partitions were taken away without a revoke: their uncommitted work will be redone by the next owner.</summary>
    private void OnLost(List<TopicPartition> lost)
    {
        Counters.OnRebalance();
        Interlocked.Add(ref _assignedPartitions, -lost.Count);
        SetAssigned(lost, false);
        LogLost(string.Join(",", lost));
        foreach (TopicPartition tp in lost)
        {
            _trackers.TryRemove(tp, out _);
        }

        _stores?.OnRevoked(StorePartitions(lost));

        Array.Clear(_trackerCache);
    }

    /// <summary>Before partitions move away: finish their in-flight work and commit it, so the next owner starts after it.</summary>
    private void OnRevoked(List<TopicPartition> partitions)
    {
        Counters.OnRebalance();
        Interlocked.Add(ref _assignedPartitions, -partitions.Count);
        SetAssigned(partitions, false);
        LogRevoked(string.Join(",", partitions));
        if (!WaitDrained(partitions))
        {
            LogDrainTimeout(partitions.Count);
        }

        FlushProducer();
        CommitAll();
        foreach (TopicPartition tp in partitions)
        {
            _trackers.TryRemove(tp, out _);
        }

        // Their changes are flushed: the next owner restores them from the changelog.
        _stores?.OnRevoked(StorePartitions(partitions));

        Array.Clear(_trackerCache);
    }

    /// <summary>Keeps the consuming thread's view of which input (and repartition) partitions this member owns.</summary>
    private void SetAssigned(List<TopicPartition> partitions, bool assigned)
    {
        foreach (TopicPartition tp in partitions)
        {
            if ((tp.Topic != _options.InputTopic && !IsRepartition(tp)) || tp.Partition.Value < 0)
            {
                continue;
            }

            int p = SlotIndex(tp);

            if (p >= _assigned.Length)
            {
                Array.Resize(ref _assigned, Math.Max(p + 1, _assigned.Length * 2));
            }

            _assigned[p] = assigned;
        }
    }

    private bool IsAssigned(TopicPartition partition)
    {
        int p = SlotIndex(partition);
        return (uint)p < (uint)_assigned.Length && _assigned[p];
    }

    private void CommitAll()
    {
        _lastCommitTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_options.ExactlyOnce)
        {
            CommitTransaction();
            return;
        }

        List<TopicPartitionOffset>? offsets = CollectCommits();
        if (offsets is null)
        {
            return;
        }

        string? error = null;
        if (_nativeConsumer is { } native)
        {
            error = native.Commit(offsets);
        }
        else
        {
            try
            {
                _consumer!.Commit(offsets);
            }
            catch (KafkaException ex)
            {
                error = ex.Error.Reason;
            }
        }

        if (error is null)
        {
            MarkCommitted(offsets);
            Counters.OnCommit(ok: true);
        }
        else
        {
            // Not fatal: the offsets stay uncommitted and go out with the next commit.
            Counters.OnCommit(ok: false);
            LogCommitFailed(error);
        }
    }

    /// <summary>
    /// Exactly once: everything consumed so far is produced and acknowledged inside the open transaction; its offsets
    /// join the transaction, which then commits atomically with the decisions.
    /// </summary>
    private void CommitTransaction()
    {
        var timeout = TimeSpan.FromMilliseconds(_options.DrainTimeoutMs);
        if (!WaitDrained(null))
        {
            LogDrainTimeout(_trackers.Count);
            return;
        }

        List<TopicPartitionOffset>? offsets = CollectCommits();
        if (offsets is null)
        {
            return;
        }

        try
        {
            _producer!.SendOffsetsToTransaction(offsets, _consumer!.ConsumerGroupMetadata, timeout);
            _producer.CommitTransaction(timeout);
            MarkCommitted(offsets);
            Counters.OnCommit(ok: true);
        }
        catch (KafkaException ex)
        {
            Counters.OnCommit(ok: false);
            LogCommitFailed(ex.Error.Reason);
            _producer!.AbortTransaction(timeout);

            // The aborted decisions must be made again: rewind to the last committed offsets.
            foreach (TopicPartitionOffset committed in _consumer!.Committed(offsets.Select(o => o.TopicPartition), timeout))
            {
                _consumer.Seek(new TopicPartitionOffset(committed.TopicPartition, committed.Offset.IsSpecial ? Offset.Beginning : committed.Offset));
            }
        }

        _producer!.BeginTransaction();
    }

    private List<TopicPartitionOffset>? CollectCommits()
    {
        List<TopicPartitionOffset>? offsets = null;
        foreach (KeyValuePair<TopicPartition, PartitionTracker> kv in _trackers)
        {
            if (kv.Value.TryTakeCommit(out long offset))
            {
                (offsets ??= []).Add(new TopicPartitionOffset(kv.Key, offset));
            }
        }

        return offsets;
    }

    private void MarkCommitted(List<TopicPartitionOffset> offsets)
    {
        foreach (TopicPartitionOffset o in offsets)
        {
            if (_trackers.TryGetValue(o.TopicPartition, out PartitionTracker? tracker))
            {
                tracker.Committed(o.Offset.Value);
            }
        }
    }

    private void OnClientError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal ??= new KafkaException(error);
        }

        LogClientError(error.Code.ToString(), error.Reason, error.IsFatal);
    }
}
