using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ParcelStream.Pipeline.Worker;

/// <content>
/// Partitions without a valid position. The consumer runs with auto.offset.reset=error, so that librdkafka does not
/// jump silently: a partition whose committed offset is not in the log restarts at the log start here, after saying
/// what was skipped. Records that retention deleted before they were decided cannot be decided any more; they are
/// logged and counted (parcelstream_records_skipped_by_retention_total), never skipped without a word.
/// </content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    /// <summary>Called on the consuming thread before the partition restarts at <paramref name="logStart"/>.</summary>
    private void OnOffsetReset(TopicPartition partition, long offset, long logStart, long logEnd, string reason)
    {
        if (offset < 0)
        {
            // The group never committed this partition: start at the beginning, as before.
            LogNoCommittedOffset(partition.Topic, partition.Partition.Value, logStart);
            return;
        }

        if (logStart >= 0 && offset < logStart)
        {
            long skipped = logStart - offset;
            Counters.OnOffsetReset(skipped);
            LogSkippedByRetention(partition.Topic, partition.Partition.Value, offset, logStart, skipped);
            return;
        }

        // Beyond the end (the topic was recreated or truncated) or bounds unknown: nothing is skipped from the log start.
        Counters.OnOffsetReset(0);
        LogOffsetNotInLog(partition.Topic, partition.Partition.Value, offset, logStart, logEnd, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Topic} [{Partition}]: no committed offset; starting at the log start {LogStart}")]
    private partial void LogNoCommittedOffset(string topic, int partition, long logStart);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Topic} [{Partition}]: committed offset {Offset} is before the log start {LogStart}: {Skipped} records deleted by retention were never decided; restarting at the log start")]
    private partial void LogSkippedByRetention(string topic, int partition, long offset, long logStart, long skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Topic} [{Partition}]: committed offset {Offset} is not in the log ({LogStart} to {LogEnd}: {Reason}); restarting at the log start, so records from there may be decided again")]
    private partial void LogOffsetNotInLog(string topic, int partition, long offset, long logStart, long logEnd, string reason);
}
