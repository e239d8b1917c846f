using Confluent.Kafka;

namespace ParcelStream.Pipeline.Worker;

/// <content>Kafka clients, rebalances and commits.</content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    private void FlushProducer() => _transport.Flush(TimeSpan.FromMilliseconds(_options.DrainTimeoutMs));

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
            long records = _stores.OnAssigned(partitions);
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

    /// <summary>
    /// Commits every offset acknowledged since the last commit. With a transactional transport, everything consumed so
    /// far is first waited for, produced and acknowledged inside the open transaction; its offsets join the transaction,
    /// which then commits atomically with the decisions.
    /// </summary>
    private void CommitAll()
    {
        _lastCommitTicks = System.Diagnostics.Stopwatch.GetTimestamp();
        if (TTransport.Transactional && !WaitDrained(null))
        {
            LogDrainTimeout(_trackers.Count);
            return;
        }

        List<TopicPartitionOffset>? offsets = CollectCommits();
        if (offsets is null)
        {
            return;
        }

        string? error = _transport.Commit(offsets);
        if (error is null)
        {
            MarkCommitted(offsets);
            Counters.OnCommit(ok: true);
        }
        else
        {
            // Not fatal: the offsets stay uncommitted and go out with the next commit (or, aborted, are redone).
            Counters.OnCommit(ok: false);
            LogCommitFailed(error);
        }

        _transport.AfterCommit(offsets, committed: error is null);
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
}
