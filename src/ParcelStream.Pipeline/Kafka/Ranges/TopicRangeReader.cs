using System.Diagnostics;
using System.Runtime.InteropServices;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>
/// Reads explicit offset ranges of a topic with librdkafka (P/Invoke, no managed object per record), partition after
/// partition, each in offset order, so that the same range always comes out in the same order. The consumer assigns
/// partitions itself: it joins no group and commits nothing, so a live consumer group is not disturbed. Not
/// thread-safe: one thread reads.
/// </summary>
public sealed unsafe partial class TopicRangeReader : IDisposable
{
    private const int PollSliceMs = 100;

    private readonly TopicRangeRequest _request;
    private readonly byte[] _topicC;
    private readonly PartitionRange[] _ranges;
    private nint _rk;
    private int _current = -1;
    private bool _assigned;
    private long _lastDelivered;
    private string? _lastError;

    private TopicRangeReader(TopicRangeRequest request, nint rk)
    {
        _request = request;
        _rk = rk;
        _topicC = NativeProducer.CString(request.Topic);
        _ranges = [];
        try
        {
            _ranges = Resolve();
        }
        catch
        {
            Dispose();
            throw;
        }

        TotalOffsets = _ranges.Sum(r => r.Count);
        NextPartition();
    }

    /// <summary>Gets the topic.</summary>
    public string Topic => _request.Topic;

    /// <summary>Gets the resolved range of each partition read, in reading order (by partition).</summary>
    public IReadOnlyList<PartitionRange> Ranges => _ranges;

    /// <summary>Gets the number of offsets the ranges cover: the records read, unless compaction or transaction markers leave gaps.</summary>
    public long TotalOffsets { get; }

    /// <summary>Gets the number of records delivered so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Connects, resolves every partition's range (metadata, watermarks, offsets for times) and gets ready to read.</summary>
    /// <param name="request">What to read.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="ArgumentException">The request is invalid, or a librdkafka property is unknown or has a bad value; the message names it.</exception>
    /// <exception cref="TopicRangeException">The topic or a partition does not exist, or the brokers do not answer in time.</exception>
    public static TopicRangeReader Open(TopicRangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var settings = new Dictionary<string, string>(request.Properties)
        {
            ["bootstrap.servers"] = request.BootstrapServers,
            ["client.id"] = request.ClientId,

            // assign() needs a group id in librdkafka; a fresh one that is never joined nor committed to leaves every real group alone.
            ["group.id"] = $"parcelstream-replay-{Guid.NewGuid():N}",
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["enable.partition.eof"] = "true",

            // A start offset no longer retained is an error to report, not a silent jump, unless the caller takes what is left.
            ["auto.offset.reset"] = request.SkipUnretained ? "earliest" : "error",
        };
        // The reader never joins a group: a static member id copied from the worker's settings would only confuse the broker's view.
        settings.Remove("group.instance.id");
        nint rk = NativeClient.Create(RdKafkaConsumerApi.ConsumerType, settings, 0, static _ => { });
        int error = RdKafkaConsumerApi.PollSetConsumer(rk);
        if (error != 0)
        {
            Native.LibRdKafka.Destroy(rk);
            throw new TopicRangeException($"rd_kafka_poll_set_consumer: {RdKafkaRangeApi.Describe(error)}");
        }

        return new TopicRangeReader(request, rk);
    }

    /// <summary>Reads up to <paramref name="maxRecords"/> records into <paramref name="sink"/>, in (partition, offset) order.</summary>
    /// <typeparam name="TSink">The receiver.</typeparam>
    /// <param name="sink">Receives each record.</param>
    /// <param name="maxRecords">Most records to deliver in this call.</param>
    /// <param name="cancellationToken">Stops waiting; returns what was read.</param>
    /// <returns>The records delivered; 0 once every range is read (or when cancelled).</returns>
    /// <exception cref="TopicRangeException">A partition delivers nothing for <see cref="TopicRangeRequest.Timeout"/>, or its start offset is no longer retained.</exception>
    public int Read<TSink>(ref TSink sink, int maxRecords, CancellationToken cancellationToken = default)
        where TSink : struct, ITopicRecordSink
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        int delivered = 0;
        while (delivered < maxRecords && _current < _ranges.Length && !cancellationToken.IsCancellationRequested)
        {
            PartitionRange range = _ranges[_current];
            if (!_assigned)
            {
                Assign(range);
            }

            RdKafkaMessage* message = RdKafkaConsumerApi.ConsumerPoll(_rk, PollSliceMs);
            if (message == null)
            {
                CheckIdle(range);
                continue;
            }

            try
            {
                if (message->Error != 0)
                {
                    OnError(range, message);
                    continue;
                }

                if (message->Partition != range.Partition || message->Offset < range.Start)
                {
                    // Left over from an earlier assignment: not part of this range.
                    continue;
                }

                if (message->Offset >= range.End)
                {
                    NextPartition();
                    continue;
                }

                int type;
                long timestamp = RdKafkaConsumerApi.MessageTimestamp(message, &type);
                sink.OnRecord(new TopicRecord
                {
                    Partition = message->Partition,
                    Offset = message->Offset,
                    TimestampMillis = timestamp,
                    Key = message->Key == 0 ? default : new ReadOnlySpan<byte>((void*)message->Key, checked((int)message->KeyLength)),
                    Value = message->Payload == 0 ? default : new ReadOnlySpan<byte>((void*)message->Payload, checked((int)message->Length)),
                    IsTombstone = message->Payload == 0,
                });
                delivered++;
                Delivered++;
                _lastDelivered = Stopwatch.GetTimestamp();
                if (message->Offset == range.End - 1)
                {
                    NextPartition();
                }
            }
            finally
            {
                RdKafkaConsumerApi.MessageDestroy(message);
            }
        }

        return delivered;
    }

    /// <summary>Gets a value indicating whether every range has been read to its end.</summary>
    public bool Completed => _current >= _ranges.Length;

    /// <summary>Reads every range to its end into <paramref name="sink"/>, within an overall deadline (a restore must be whole or fail).</summary>
    /// <typeparam name="TSink">The sink type (a struct, so the call is direct).</typeparam>
    /// <param name="sink">Receives the records.</param>
    /// <param name="timeout">Most time for the whole read.</param>
    /// <param name="cancellationToken">Stops the read; the method then returns early with what was delivered.</param>
    /// <returns>The number of records delivered.</returns>
    /// <exception cref="TimeoutException">The ends were not reached within <paramref name="timeout"/>.</exception>
    /// <exception cref="TopicRangeException">A range cannot be read (see <see cref="Read"/>).</exception>
    public long ReadAll<TSink>(ref TSink sink, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TSink : struct, ITopicRecordSink
    {
        const int Batch = 4096;
        long start = Stopwatch.GetTimestamp();
        long delivered = 0;
        while (!Completed && !cancellationToken.IsCancellationRequested)
        {
            if (Stopwatch.GetElapsedTime(start) > timeout)
            {
                throw new TimeoutException($"Reading {Topic} partitions {string.Join(",", _ranges.Skip(_current).Select(r => r.Partition))} did not reach their end offsets within {timeout.TotalSeconds:0} s.");
            }

            delivered += Read(ref sink, Batch, cancellationToken);
        }

        return delivered;
    }

    /// <summary>Closes the consumer (no group to leave, no offsets to commit).</summary>
    public void Dispose()
    {
        if (_rk == 0)
        {
            return;
        }

        _ = RdKafkaConsumerApi.Assign(_rk, null);
        Native.LibRdKafka.Destroy(_rk);
        _rk = 0;
    }

    private void Assign(PartitionRange range)
    {
        RdKafkaPartitionList* list = RdKafkaConsumerApi.PartitionListNew(1);
        try
        {
            fixed (byte* t = _topicC)
            {
                RdKafkaConsumerApi.PartitionListAdd(list, t, range.Partition)->Offset = range.Start;
            }

            int error = RdKafkaConsumerApi.Assign(_rk, list);
            if (error != 0)
            {
                throw new TopicRangeException($"{Topic} partition {range.Partition}: cannot assign offset {range.Start}: {RdKafkaRangeApi.Describe(error)}");
            }
        }
        finally
        {
            RdKafkaConsumerApi.PartitionListDestroy(list);
        }

        _assigned = true;
        _lastDelivered = Stopwatch.GetTimestamp();
        _lastError = null;
    }

    /// <summary>Moves to the next partition with something to read, dropping the current assignment.</summary>
    private void NextPartition()
    {
        if (_assigned)
        {
            _ = RdKafkaConsumerApi.Assign(_rk, null);
            _assigned = false;
        }

        do
        {
            _current++;
        }
        while (_current < _ranges.Length && _ranges[_current].Count == 0);
    }

    private void OnError(PartitionRange range, RdKafkaMessage* message)
    {
        if (message->Error == RdKafkaConsumerApi.ErrPartitionEof)
        {
            // The partition's end: offsets up to End were all seen when the end is at or past it (gaps at the end of the range).
            if (message->Partition == range.Partition && message->Offset >= range.End)
            {
                NextPartition();
            }

            return;
        }

        string text = message->Payload == 0 ? RdKafkaRangeApi.Describe(message->Error) : Marshal.PtrToStringUTF8((nint)message->Payload, checked((int)message->Length));
        if (message->Error == ErrAutoOffsetReset)
        {
            throw new TopicRangeException($"{Topic} partition {range.Partition}: offset {range.Start} is no longer retained ({text}).");
        }

        // Transport errors and the like: librdkafka retries; kept to explain a timeout.
        _lastError = text;
    }

    private void CheckIdle(PartitionRange range)
    {
        if (Stopwatch.GetElapsedTime(_lastDelivered) > _request.Timeout)
        {
            throw new TopicRangeException($"{Topic} partition {range.Partition}: nothing read for {_request.Timeout.TotalSeconds:0} s while offsets up to {range.End} were expected (read up to {Delivered} records in all){(_lastError is null ? string.Empty : $"; last error: {_lastError}")}.");
        }
    }
}
