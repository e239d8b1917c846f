using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec.Inspections;
using ParcelStream.Pipeline.Kafka.Ranges;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <content>Rebalances: the join state of a partition is rebuilt on assignment, before its records are processed.</content>
internal sealed partial class FeedbackJoin
{
    private double _lastRestoreSeconds = double.NaN;

    /// <summary>Gets how long the last restore of assigned partitions took, in seconds; NaN before the first.</summary>
    public double LastRestoreSeconds => Volatile.Read(ref _lastRestoreSeconds);

    /// <summary>
    /// Restores the state of each assigned join partition: the decided manifests and the results of both topics up to
    /// the committed offsets (the decided topic is compacted by manifestId, so it is the store's changelog), and the
    /// partition's share of the statistics from the global table once it has read everything written so far. Runs on
    /// the consuming thread inside the rebalance callback, so no record of the partition is processed before.
    /// </summary>
    private void OnAssigned(List<TopicPartition> assigned)
    {
        int[] joined = [.. assigned.Where(p => p.Topic == _options.DecidedTopic).Select(p => p.Partition.Value)];

        // Assigned while closing (a rebalance that completed after the stop): nothing will be processed, so nothing to restore.
        if (joined.Length == 0 || _stopping.IsCancellationRequested)
        {
            return;
        }

        long started = Stopwatch.GetTimestamp();
        TimeSpan timeout = TimeSpan.FromMilliseconds(_options.RestoreTimeoutMs);
        _table.WaitCaughtUpAsync(timeout, _stopping.Token).GetAwaiter().GetResult();
        List<TopicPartitionOffset> committed = _consumer!.Committed(
            [.. joined.SelectMany(p => new[] { new TopicPartition(_options.DecidedTopic, p), new TopicPartition(_options.RepartitionTopic, p) })],
            timeout);
        long cutoff = _clock.GetUtcNow().ToUnixTimeMilliseconds() - (_options.RetentionDays * 86_400_000L);
        foreach (int p in joined)
        {
            var state = new JoinPartition(p) { Shares = _table.SharesOf(p) };
            long decidedEnd = Until(committed, _options.DecidedTopic, p);
            long resultsEnd = Until(committed, _options.RepartitionTopic, p);
            ReadRange(_options.DecidedTopic, p, decidedEnd, timeout, value =>
            {
                if (DecidedRecord.TryRead(value, out DecidedParcel? parcel) && parcel is not null && parcel.DecidedAtMillis >= cutoff)
                {
                    state.Decided.TryAdd(parcel.ManifestId, new JoinPartition.DecidedEntry(parcel));
                }
            });
            ReadRange(_options.RepartitionTopic, p, resultsEnd, timeout, value =>
            {
                if (ReadResult(value, out InspectionReport? report, out bool abandoned).IsError || report is null)
                {
                    if (abandoned)
                    {
                        // Stopped while the registry was unreachable: the restore is given up, nothing of it is processed.
                        _stopping.Token.ThrowIfCancellationRequested();
                    }

                    return;
                }

                if (state.Decided.TryGetValue(report.ManifestId, out JoinPartition.DecidedEntry? entry))
                {
                    entry.Applied = report.Result;
                }
                else if (report.InspectedAtMillis >= cutoff)
                {
                    state.Pending[report.ManifestId] = new JoinPartition.PendingResult(report.Result, report.InspectedAtMillis);
                }
            });

            // Results waiting for a decision that was read after them were counted with it.
            foreach (string id in state.Pending.Keys.Where(state.Decided.ContainsKey).ToList())
            {
                state.Decided[id].Applied = state.Pending[id].Result;
                state.Pending.Remove(id);
            }

            if (_partitions.Remove(p, out JoinPartition? old))
            {
                Interlocked.Add(ref _unmatched, -old.Pending.Count);
            }

            _partitions[p] = state;
            Interlocked.Add(ref _unmatched, state.Pending.Count);
            LogRestored(_logger, p, state.Decided.Count, state.Pending.Count, state.Shares.Count);
        }

        Volatile.Write(ref _lastRestoreSeconds, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private void OnRevoked(List<TopicPartitionOffset> revoked)
    {
        // What was processed is committed before the partitions move, so the next owner starts where this one stopped.
        Commit();
        DropState(revoked.Select(p => p.TopicPartition));
    }

    private void DropState(IEnumerable<TopicPartition> partitions)
    {
        foreach (TopicPartition tp in partitions)
        {
            if (tp.Topic == _options.DecidedTopic && _partitions.Remove(tp.Partition.Value, out JoinPartition? state))
            {
                Interlocked.Add(ref _unmatched, -state.Pending.Count);
            }
        }
    }

    private static long Until(List<TopicPartitionOffset> committed, string topic, int partition) =>
        committed.FirstOrDefault(c => c.Topic == topic && c.Partition.Value == partition)?.Offset.Value is long o && o >= 0 ? o : 0;

    /// <summary>Reads offsets [log start, end) of a partition with the shared range reader.</summary>
    /// <exception cref="TimeoutException">The end was not reached within <paramref name="timeout"/>.</exception>
    private void ReadRange(string topic, int partition, long end, TimeSpan timeout, RecordValue apply)
    {
        if (end <= 0)
        {
            return;
        }

        using TopicRangeReader reader = TopicRangeReader.Open(new TopicRangeRequest
        {
            BootstrapServers = _config["bootstrap.servers"],
            Topic = topic,
            Partitions = [partition],
            To = RangeBound.AtOffset(end),
            Properties = KafkaSettings.ForReader(_config),
            ClientId = "parcelstream-feedback-restore",
            Timeout = timeout,

            // Decisions and results older than the retention are not wanted anyway.
            SkipUnretained = true,
        });
        var sink = new ValueSink(apply);
        reader.ReadAll(ref sink, timeout, _stopping.Token);
    }

    [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "Feedback join partition {Partition} restored: {Decided} decided manifests, {Waiting} results waiting, {Lines} statistics lines")]
    private static partial void LogRestored(ILogger logger, int partition, int decided, int waiting, int lines);

    private delegate void RecordValue(ReadOnlySpan<byte> value);

    private readonly struct ValueSink(RecordValue apply) : ITopicRecordSink
    {
        public void OnRecord(TopicRecord record)
        {
            if (!record.IsTombstone)
            {
                apply(record.Value);
            }
        }
    }
}
