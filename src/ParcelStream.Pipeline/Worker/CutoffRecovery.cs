using System.Diagnostics;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// Finds the inspection cut-offs a partition's previous owner decided with, for the records it decided but did not
/// commit. After a kill those records are decided again; with the cut-off they were decided with (the decision's
/// <c>parcelstream.cutoff</c> header) the second decision is the same as the first, although this worker's capacity
/// estimate starts cold. Runs on the consuming thread when partitions are assigned, before any of their records is
/// dispatched; allocates, once per assignment.
/// </summary>
internal sealed class CutoffRecovery
{
    /// <summary>
    /// How much earlier than the first undecided record's timestamp (the producer's clock) a decision of it may be
    /// timestamped (the worker's clock): the skew between the hosts' clocks. Every second of it is read back: at
    /// 15,000 decisions/s a minute was 900,000 records and 3.7 s of a restart.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(10);

    /// <summary>Decision records read from the end of each partition in the first round; each next round reads twice as many.</summary>
    private const long FirstChunk = 4_096;

    /// <summary>How long one read waits for a record: short, so that the recovery's own deadline is checked often.</summary>
    private static readonly TimeSpan s_pollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly WorkerOptions _options;
    private readonly IReadOnlyDictionary<string, string> _kafkaSettings;
    private readonly byte[] _inputTopic;

    /// <summary>Initializes a new recovery for a worker.</summary>
    /// <param name="options">The worker's options.</param>
    /// <param name="kafkaSettings">The worker's librdkafka settings.</param>
    public CutoffRecovery(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings)
    {
        _options = options;
        _kafkaSettings = kafkaSettings;
        _inputTopic = System.Text.Encoding.UTF8.GetBytes(options.InputTopic);
    }

    /// <summary>
    /// Reads back the decisions of the partitions' uncommitted records: from each partition's committed offset (its
    /// first record's timestamp, less <see cref="ClockSkew"/>, bounds where to start in the decision topics) to the
    /// decision topics' ends, at most <see cref="WorkerOptions.CutoffRecoveryMaxRecords"/> records and
    /// <see cref="WorkerOptions.CutoffRecoveryTimeoutMs"/>.
    /// </summary>
    /// <param name="partitions">Input partitions just assigned.</param>
    /// <returns>The outcome: per partition, the recorded cut-off of each uncommitted offset found.</returns>
    public CutoffRecoveryResult Recover(IReadOnlyList<int> partitions)
    {
        var result = new CutoffRecoveryResult();
        if (partitions.Count == 0)
        {
            return result;
        }

        var clock = Stopwatch.StartNew();
        var timeout = TimeSpan.FromMilliseconds(_options.CutoffRecoveryTimeoutMs);
        using IConsumer<byte[], byte[]> consumer = BuildConsumer();
        Dictionary<int, long> firstUncommitted = FirstUncommitted(consumer, partitions, timeout);
        long? since = FirstTimestamp(consumer, firstUncommitted, Remaining(clock, timeout), result);
        if (since is not long sinceMillis)
        {
            // Every partition is at its end: nothing was decided beyond the committed offsets.
            result.Elapsed = clock.Elapsed;
            return result;
        }

        var decision = new CustomsDecision();
        foreach (string topic in new OutputTopics(_options, null).DecisionTopics)
        {
            if (!ReadDecisions(consumer, topic, sinceMillis - (long)ClockSkew.TotalMilliseconds, firstUncommitted, decision, clock, timeout, result))
            {
                break;
            }
        }

        result.Elapsed = clock.Elapsed;
        return result;
    }

    private static TimeSpan Remaining(Stopwatch clock, TimeSpan timeout) =>
        timeout - clock.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    private IConsumer<byte[], byte[]> BuildConsumer()
    {
        Dictionary<string, string> settings = KafkaSettings.ForReader(_kafkaSettings);
        var config = new ConsumerConfig(settings)
        {
            BootstrapServers = _options.BootstrapServers,

            // The worker's group, only to read its committed offsets: this consumer never subscribes, joins or commits.
            GroupId = _options.GroupId,
            GroupInstanceId = null,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Latest,
            ClientId = "parcelstream-cutoff-recovery",
        };
        return new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>The first offset not committed per partition; the log start where the group never committed.</summary>
    private Dictionary<int, long> FirstUncommitted(IConsumer<byte[], byte[]> consumer, IReadOnlyList<int> partitions, TimeSpan timeout)
    {
        List<TopicPartitionOffset> committed = consumer.Committed(partitions.Select(p => new TopicPartition(_options.InputTopic, p)), timeout);
        var first = new Dictionary<int, long>(partitions.Count);
        foreach (TopicPartitionOffset tpo in committed)
        {
            first[tpo.Partition.Value] = tpo.Offset.Value >= 0
                ? tpo.Offset.Value
                : consumer.QueryWatermarkOffsets(tpo.TopicPartition, timeout).Low.Value;
        }

        return first;
    }

    /// <summary>The earliest timestamp of the partitions' first uncommitted records; null when every partition is at its end.</summary>
    private long? FirstTimestamp(IConsumer<byte[], byte[]> consumer, Dictionary<int, long> firstUncommitted, TimeSpan timeout, CutoffRecoveryResult result)
    {
        var pending = new HashSet<int>(firstUncommitted.Keys);
        consumer.Assign(firstUncommitted.Select(e => new TopicPartitionOffset(_options.InputTopic, e.Key, e.Value)));
        long? earliest = null;
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < timeout)
        {
            ConsumeResult<byte[], byte[]>? record = consumer.Consume(s_pollTimeout);
            if (record is null || !pending.Remove(record.Partition.Value))
            {
                continue;
            }

            if (!record.IsPartitionEOF)
            {
                long time = record.Message.Timestamp.UnixTimestampMs;
                earliest = earliest is long e ? Math.Min(e, time) : time;
                result.PartitionsToRedo++;
            }
        }

        consumer.Unassign();
        if (pending.Count > 0)
        {
            // A partition that did not answer: start from the earliest decision the timeout allows to look at.
            result.Incomplete = true;
            earliest = Math.Min(earliest ?? long.MaxValue, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)timeout.TotalMilliseconds);
        }

        return earliest;
    }

    /// <summary>
    /// Collects one decision topic's records of the partitions' uncommitted offsets, reading each partition backwards
    /// from its end in growing chunks until a chunk starts before <paramref name="sinceMillis"/> (decisions are appended
    /// in about the order they are made; the margin covers the rest). Offsets for times would be one request, but the
    /// embedded broker does not answer it. False when a limit stopped the reading.
    /// </summary>
    private bool ReadDecisions(
        IConsumer<byte[], byte[]> consumer,
        string topic,
        long sinceMillis,
        Dictionary<int, long> firstUncommitted,
        CustomsDecision decision,
        Stopwatch clock,
        TimeSpan timeout,
        CutoffRecoveryResult result)
    {
        // Per partition: [Start, End) is the chunk to read; Low the log start.
        var chunks = new Dictionary<int, (long Low, long Start, long End)>();
        using (IAdminClient admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            TopicMetadata? metadata = admin.GetMetadata(topic, Remaining(clock, timeout)).Topics.FirstOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError);
            foreach (PartitionMetadata partition in metadata?.Partitions ?? [])
            {
                WatermarkOffsets marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), Remaining(clock, timeout));
                if (marks.High.Value > marks.Low.Value)
                {
                    chunks[partition.PartitionId] = (marks.Low.Value, Math.Max(marks.Low.Value, marks.High.Value - FirstChunk), marks.High.Value);
                }
            }
        }

        while (chunks.Count > 0)
        {
            // Per partition, the earliest decision time in its chunk.
            var earliest = chunks.ToDictionary(c => c.Key, _ => long.MaxValue);
            var pending = new HashSet<int>(chunks.Keys);
            consumer.Assign(chunks.Select(c => new TopicPartitionOffset(topic, c.Key, c.Value.Start)));
            try
            {
                while (pending.Count > 0)
                {
                    if (clock.Elapsed >= timeout || result.DecisionsRead >= _options.CutoffRecoveryMaxRecords)
                    {
                        result.Incomplete = true;
                        return false;
                    }

                    ConsumeResult<byte[], byte[]>? record = consumer.Consume(s_pollTimeout);
                    if (record is null || !chunks.TryGetValue(record.Partition.Value, out (long Low, long Start, long End) chunk))
                    {
                        continue;
                    }

                    if (record.IsPartitionEOF || record.Offset.Value >= chunk.End)
                    {
                        pending.Remove(record.Partition.Value);
                        continue;
                    }

                    result.DecisionsRead++;
                    earliest[record.Partition.Value] = Math.Min(earliest[record.Partition.Value], record.Message.Timestamp.UnixTimestampMs);
                    Collect(record.Message, decision, firstUncommitted, result);
                    if (record.Offset.Value == chunk.End - 1)
                    {
                        pending.Remove(record.Partition.Value);
                    }
                }
            }
            finally
            {
                consumer.Unassign();
            }

            foreach ((int partition, (long low, long start, long end)) in chunks.ToList())
            {
                if (start <= low || earliest[partition] < sinceMillis)
                {
                    chunks.Remove(partition);
                }
                else
                {
                    long size = Math.Max(FirstChunk, 2 * (end - start));
                    chunks[partition] = (low, Math.Max(low, start - size), start);
                }
            }
        }

        return true;
    }

    private void Collect(Message<byte[], byte[]> message, CustomsDecision decision, Dictionary<int, long> firstUncommitted, CutoffRecoveryResult result)
    {
        if (message.Value is null || message.Headers is null
            || !message.Headers.TryGetLastBytes(DeadLetterHeaders.Cutoff, out byte[] cutoffText)
            || !double.TryParse(cutoffText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double cutoff))
        {
            return;
        }

        decision.Reset();
        if (DecisionReader.Read(message.Value, decision).IsError
            || !decision.HasSource
            || !decision.SourceTopic.SequenceEqual(_inputTopic)
            || !firstUncommitted.TryGetValue(decision.SourcePartition, out long first)
            || decision.SourceOffset < first)
        {
            return;
        }

        result.Add(decision.SourcePartition, decision.SourceOffset, cutoff);
    }
}
