using Microsoft.Extensions.Logging;

namespace ParcelStream.Pipeline.Worker;

/// <content>Log messages (source-generated, no allocation when the level is off).</content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Native allocator: {Allocator}")]
    private partial void LogAllocator(string allocator);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Information, Message = "Native allocator: glibc. Preloading jemalloc (LD_PRELOAD=libjemalloc.so.2, as the container image does) takes about 30 % less CPU per manifest: librdkafka frees each produced record on another thread than the one that allocated it")]
    private partial void LogGlibcAllocator();

    [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "Consume error: {Reason}")]
    private partial void LogConsumeError(string reason);

    [LoggerMessage(EventId = 5404, Level = LogLevel.Error, Message = "Delivery failed for the record of {Partition} offset {Offset}: {Reason}; stopping without committing it")]
    private partial void LogDeliveryFailed(string partition, long offset, string reason);

    [LoggerMessage(EventId = 5405, Level = LogLevel.Warning, Message = "The broker refused a record of {Partition} offset {Offset} for good: {Reason}; dead-lettering the message's coordinates instead")]
    private partial void LogDeliveryRefused(string partition, long offset, string reason);

    [LoggerMessage(EventId = 5406, Level = LogLevel.Warning, Message = "Manifest at {Partition} offset {Offset} dead-lettered ({Code}) without all of it ({Truncated} cut; the value had {Bytes} bytes): read the original at its source offset")]
    private partial void LogDeadLetterTruncated(string partition, long offset, string code, string truncated, int bytes);

    [LoggerMessage(EventId = 5407, Level = LogLevel.Error, Message = "Worker stopped on an error")]
    private partial void LogStoppedOnError(Exception exception);

    [LoggerMessage(EventId = 5408, Level = LogLevel.Information, Message = "Partitions assigned: {Partitions}")]
    private partial void LogAssigned(string partitions);

    [LoggerMessage(EventId = 5409, Level = LogLevel.Information, Message = "State restored from {Topic} partitions {Partitions}: {Records} records in {Milliseconds:0} ms")]
    private partial void LogRestored(string topic, string partitions, long records, double milliseconds);

    [LoggerMessage(EventId = 5410, Level = LogLevel.Information, Message = "Partitions revoked: {Partitions}")]
    private partial void LogRevoked(string partitions);

    [LoggerMessage(EventId = 5411, Level = LogLevel.Warning, Message = "Partitions lost (their in-flight work will be redone by the next owner): {Partitions}")]
    private partial void LogLost(string partitions);

    [LoggerMessage(EventId = 5412, Level = LogLevel.Warning, Message = "In-flight work of {Count} partitions did not drain in time; their uncommitted offsets will be redone")]
    private partial void LogDrainTimeout(int count);

    [LoggerMessage(EventId = 5413, Level = LogLevel.Warning, Message = "Offset commit failed: {Reason}")]
    private partial void LogCommitFailed(string reason);

    [LoggerMessage(EventId = 5414, Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    private partial void LogClientError(string code, string reason, bool fatal);

    [LoggerMessage(EventId = 5415, Level = LogLevel.Debug, Message = "Manifest at {Partition} offset {Offset} dead-lettered: {Code}")]
    private partial void LogDeadLettered(string partition, long offset, string code);

    [LoggerMessage(EventId = 5416, Level = LogLevel.Information, Message = "Waiting for partition assignment: group {Group}, topics {Topics}")]
    private partial void LogWaitingForAssignment(string group, string topics);

    [LoggerMessage(EventId = 5417, Level = LogLevel.Information, Message = "Stopped: drained {Drained} in-flight manifests, committed, left group {Group}")]
    private partial void LogStopped(long drained, string group);
}
