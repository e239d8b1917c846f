using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// The feedback statistics as every worker sees them, like a Kafka Streams GlobalKTable: one thread reads the whole
/// compacted statistics topic (all partitions, no consumer group) from the beginning and keeps reading; each record
/// replaces one partition's share of a line, and the line's total (the sum of the shares) goes to the
/// <see cref="RiskHistoryTable"/> the decisions read and to the snapshot metrics and <c>rules stats</c> read.
/// </summary>
internal sealed partial class FeedbackStatsTable : IDisposable
{
    private readonly string _topic;
    private readonly Dictionary<string, string> _config;
    private readonly RiskHistoryTable _history;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Dictionary<FeedbackKey, StatsLine>> _shares = [];
    private readonly FeedbackTally _totals = new();
    private readonly Dictionary<FeedbackKey, EntityCounts> _rules = [];
    private readonly Dictionary<int, long> _positions = [];
    private TopicFollower? _follower;
    private long _applied;

    public FeedbackStatsTable(string topic, IReadOnlyDictionary<string, string> clientConfig, RiskHistoryTable history, ILogger logger)
    {
        _topic = topic;
        _config = new Dictionary<string, string>(clientConfig, StringComparer.Ordinal);
        _history = history;
        _logger = logger;
    }

    /// <summary>Gets the number of statistics records applied since start (the table's version).</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Gets the table that decisions read.</summary>
    public RiskHistoryTable History => _history;

    /// <summary>Starts reading, and waits until every record present at this moment is read.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when caught up.</returns>
    /// <exception cref="TimeoutException">Not caught up in time.</exception>
    public Task StartAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _follower = new TopicFollower(
            _topic,
            _config,
            ReaderConfig(),
            r => Apply(r.Message.Key, r.Message.Value, r.Partition.Value, r.Offset.Value),
            reason => LogReaderRetrying(_logger, _topic, reason),
            ex => LogReaderFailed(_logger, _topic, ex),
            "parcelstream-feedback-stats");
        _follower.Start();
        return WaitCaughtUpAsync(timeout, cancellationToken);
    }

    /// <summary>Waits until the table has read every statistics record written before this call.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when caught up.</returns>
    /// <exception cref="TimeoutException">Not caught up in time.</exception>
    public async Task WaitCaughtUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Dictionary<int, long> ends = HighWatermarks(timeout);
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!CaughtUp(ends))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The feedback statistics ({_topic}) were not read back within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets one partition's share of every line (to restore the join of that partition).</summary>
    /// <param name="partition">The join partition.</param>
    /// <returns>A copy.</returns>
    public Dictionary<FeedbackKey, StatsLine> SharesOf(int partition)
    {
        lock (_lock)
        {
            return _shares.TryGetValue(partition, out Dictionary<FeedbackKey, StatsLine>? shares) ? new(shares) : [];
        }
    }

    /// <summary>Gets the totals of the rule lines and the baseline (small: bounded by the rules ever used).</summary>
    /// <returns>A copy.</returns>
    public Dictionary<FeedbackKey, EntityCounts> RuleTotals()
    {
        lock (_lock)
        {
            return new Dictionary<FeedbackKey, EntityCounts>(_rules);
        }
    }

    /// <summary>Gets the total of any line.</summary>
    /// <param name="key">The line.</param>
    /// <returns>The counts (zero when absent).</returns>
    public EntityCounts Total(FeedbackKey key)
    {
        lock (_lock)
        {
            return _totals.Get(key);
        }
    }

    public void Dispose()
    {
        _follower?.Dispose();
    }

    private bool CaughtUp(Dictionary<int, long> ends)
    {
        lock (_lock)
        {
            foreach ((int partition, long end) in ends)
            {
                if (end > 0 && _positions.GetValueOrDefault(partition) < end)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private Dictionary<int, long> HighWatermarks(TimeSpan timeout)
    {
        using IConsumer<Ignore, Ignore> probe = new ConsumerBuilder<Ignore, Ignore>(ReaderConfig()).SetLogHandler(KafkaLog.Shared.Handler()).Build();
        var ends = new Dictionary<int, long>();
        foreach (int partition in TopicPartitions.Of(_config, _topic, timeout))
        {
            ends[partition] = probe.QueryWatermarkOffsets(new TopicPartition(_topic, partition), timeout).High.Value;
        }

        return ends;
    }

    private ConsumerConfig ReaderConfig() => new(KafkaSettings.ForReader(_config))
    {
        GroupId = "parcelstream-feedback-stats-reader",
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        ClientId = "parcelstream-feedback-stats",
    };

    private void Apply(byte[]? key, byte[]? value, int topicPartition, long offset)
    {
        lock (_lock)
        {
            _positions[topicPartition] = offset + 1;
            if (key is null || value is null || !StatsRecord.TryParseKey(key, out FeedbackKey line, out int partition)
                || !StatsRecord.TryReadValue(value, out StatsLine share))
            {
                LogBadRecord(_logger, _topic, topicPartition, offset);
                return;
            }

            if (!_shares.TryGetValue(partition, out Dictionary<FeedbackKey, StatsLine>? shares))
            {
                _shares[partition] = shares = [];
            }

            EntityCounts previous = shares.TryGetValue(line, out StatsLine old) ? old.Counts : default;
            shares[line] = share;
            EntityCounts total = _totals.Add(line, share.Counts - previous);
            if (line.Kind is FeedbackKind.Rule or FeedbackKind.RuleRandom or FeedbackKind.Baseline)
            {
                _rules[line] = total;
            }

            _history.Set(line, total.Results);
            Interlocked.Increment(ref _applied);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Reading the feedback statistics from {Topic} failed; decisions keep the history read so far")]
    private static partial void LogReaderFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Reading the feedback statistics from {Topic}: {Reason} (retrying)")]
    private static partial void LogReaderRetrying(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Skipped a statistics record that is not one ({Topic} [{Partition}] offset {Offset})")]
    private static partial void LogBadRecord(ILogger logger, string topic, int partition, long offset);
}
