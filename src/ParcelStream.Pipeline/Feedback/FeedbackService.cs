using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// Runs inspection feedback in the generic host: reads the statistics back before the decision worker starts (hosted
/// services start in order; the worker is registered after), then runs the join; stops after the worker.
/// </summary>
internal sealed partial class FeedbackService(
    FeedbackOptions options,
    WorkerOptions worker,
    KafkaSettings kafka,
    SchemaRegistry registry,
    FeedbackHandle handle,
    IHostApplicationLifetime lifetime,
    ILogger<FeedbackService> logger,
    RegistrySchemas? schemas = null) : IHostedService, IDisposable
{
    private FeedbackStatsTable? _table;
    private FeedbackJoin? _join;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var config = new Dictionary<string, string>(kafka.Settings, StringComparer.Ordinal) { ["bootstrap.servers"] = worker.BootstrapServers };
        TimeSpan timeout = TimeSpan.FromMilliseconds(options.RestoreTimeoutMs);
        // A metadata request blocks up to the timeout when the cluster is unreachable: off the start-up thread, so that
        // SIGTERM during start-up is not held up by it.
        await Task.Run(() => CheckCoPartitioned(config, timeout), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        _table = new FeedbackStatsTable(options.StatsTopic, config, handle.History, logger);
        long started = Stopwatch.GetTimestamp();
        await _table.StartAsync(timeout, cancellationToken).ConfigureAwait(false);
        handle.StatisticsRestoreSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        handle.RuleTotals = _table.RuleTotals;
        handle.Restored = true;
        LogRestored(logger, options.StatsTopic, _table.Applied, handle.History.Sellers, handle.History.Consignors);
        _join = new FeedbackJoin(options, options.EffectiveGroupId(worker), config, _table, registry, logger, statisticsIntervalMs: worker.StatisticsIntervalMs, schemas: schemas);
        handle.Results = () => (_join.ResultsCounted, _join.ResultsWaiting, _join.ResultsDeadLettered);
        handle.Lag = _join.Lag;
        handle.JoinRestoreSeconds = () => _join.LastRestoreSeconds;
        _join.Start();
        _ = _join.Completion.ContinueWith(
            t =>
            {
                if (t.IsFaulted)
                {
                    // The orchestrator restarts the process; the join resumes from its committed offsets.
                    handle.FailureReason = t.Exception?.InnerException?.Message;
                    handle.Failed = true;
                    lifetime.StopApplication();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_join is not null)
        {
            await _join.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _join?.Dispose();
        _table?.Dispose();
    }

    /// <summary>The join needs the decided and repartition topics to have the same partition count (Kafka Streams checks the same).</summary>
    private void CheckCoPartitioned(Dictionary<string, string> config, TimeSpan timeout)
    {
        int decided = TopicPartitions.Of(config, options.DecidedTopic, timeout).Count;
        int repartition = TopicPartitions.Of(config, options.RepartitionTopic, timeout).Count;
        foreach ((string topic, int partitions) in new[] { (options.DecidedTopic, decided), (options.RepartitionTopic, repartition) })
        {
            if (partitions == 0)
            {
                // Fine where the cluster creates topics on first use (the mock does); elsewhere producing to it will fail.
                LogTopicMissing(logger, topic);
            }
        }

        if (decided > 0 && repartition > 0 && decided != repartition)
        {
            throw new InvalidConfigurationException(
                $"{FeedbackOptions.SectionName}:{nameof(FeedbackOptions.RepartitionTopic)}",
                $"'{options.RepartitionTopic}' has {repartition} partitions but '{options.DecidedTopic}' has {decided}: they must be co-partitioned (same count).");
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Feedback topic {Topic} does not exist yet: it must be created (docs/feedback.md) unless the cluster creates topics on first use")]
    private static partial void LogTopicMissing(ILogger logger, string topic);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Feedback statistics read back from {Topic}: {Records} records, {Sellers} sellers and {Consignors} consignors with history")]
    private static partial void LogRestored(ILogger logger, string topic, long records, int sellers, int consignors);
}
