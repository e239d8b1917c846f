using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// A librdkafka group consumer driven through P/Invoke for the worker's at-least-once path: each record's key, value and
/// headers are copied from librdkafka's buffer straight into a pooled <see cref="MessageSlot"/>, so consuming creates
/// no managed object per record. <see cref="PollBatch(MessageSlot[], int, int, out string?)"/> takes every record already fetched (up to a limit) in one
/// call. Not thread-safe: one thread polls, commits and closes.
/// </summary>
internal sealed unsafe class NativeConsumer : IDisposable
{
    /// <summary>How long an offset reset may wait for the watermarks and the seek (each).</summary>
    private const int ResetTimeoutMs = 10_000;

    private readonly ConsumerEvents _events;
    private readonly SlotPool _pool;
    private GCHandle _self;
    private nint _rk;
    private nint _queue;
    private string[] _topics = [];
    private TopicPartition?[][] _partitions = [];
    private nint[] _topicHandles = [];
    private Exception? _callbackError;

    /// <summary>Creates the consumer; the settings are librdkafka properties (group.id and bootstrap.servers included).</summary>
    /// <exception cref="ArgumentException">A property is unknown or has a bad value; the message names it.</exception>
    public NativeConsumer(IReadOnlyDictionary<string, string> settings, ConsumerEvents events, SlotPool pool)
    {
        _events = events;
        _pool = pool;
        _self = GCHandle.Alloc(this);
        try
        {
            _rk = NativeClient.Create(RdKafkaConsumerApi.ConsumerType, settings, GCHandle.ToIntPtr(_self), static conf =>
            {
                RdKafkaConsumerApi.ConfSetRebalanceCallback(conf, &OnRebalance);
                RdKafkaConsumerApi.ConfSetStatsCallback(conf, &OnStatistics);
            });
        }
        catch
        {
            _self.Free();
            throw;
        }

        Check(RdKafkaConsumerApi.PollSetConsumer(_rk), "rd_kafka_poll_set_consumer");
        _queue = RdKafkaQueueApi.GetConsumer(_rk);
    }

    /// <summary>Subscribes to one or more topics (the input and, with stateful stages, the repartition topic).</summary>
    public void Subscribe(params string[] topics)
    {
        _topics = topics;
        _partitions = new TopicPartition?[topics.Length][];
        _topicHandles = new nint[topics.Length];
        for (int i = 0; i < topics.Length; i++)
        {
            _partitions[i] = [];
        }

        RdKafkaPartitionList* list = RdKafkaConsumerApi.PartitionListNew(topics.Length);
        try
        {
            foreach (string topic in topics)
            {
                fixed (byte* t = NativeProducer.CString(topic))
                {
                    RdKafkaConsumerApi.PartitionListAdd(list, t, -1);
                }
            }

            Check(RdKafkaConsumerApi.Subscribe(_rk, list), "rd_kafka_subscribe");
        }
        finally
        {
            RdKafkaConsumerApi.PartitionListDestroy(list);
        }
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for the next record (serving rebalances meanwhile).</summary>
    /// <param name="timeoutMs">Most time to wait.</param>
    /// <param name="error">A consumer error to log (the consumer goes on), else null.</param>
    /// <returns>A filled slot, or null when no record arrived.</returns>
    public MessageSlot? Poll(int timeoutMs, out string? error)
    {
        RdKafkaMessage* message = RdKafkaConsumerApi.ConsumerPoll(_rk, timeoutMs);
        ThrowIfCallbackFailed();
        if (message == null)
        {
            error = null;
            return null;
        }

        return ToSlot(message, out error);
    }

    /// <summary>
    /// Takes every record already fetched, up to <paramref name="slots"/>' length, without waiting; when there is none,
    /// waits up to <paramref name="timeoutMs"/> for one (serving rebalances meanwhile).
    /// </summary>
    /// <param name="slots">Receives the filled slots.</param>
    /// <param name="timeoutMs">Most time to wait when nothing is fetched yet.</param>
    /// <param name="error">The last consumer error of the batch to log (the consumer goes on), else null.</param>
    /// <returns>How many slots were filled (0 when no record arrived).</returns>
    public int PollBatch(MessageSlot[] slots, int timeoutMs, out string? error) => PollBatch(slots, slots.Length, timeoutMs, out error);

    /// <summary>Like <see cref="PollBatch(MessageSlot[], int, out string?)"/>, taking at most <paramref name="limit"/> records.</summary>
    /// <param name="slots">Receives the filled slots.</param>
    /// <param name="limit">Most records to take (at least 1; the worker lowers it while records are large).</param>
    /// <param name="timeoutMs">Most time to wait when nothing is fetched yet.</param>
    /// <param name="error">The last consumer error of the batch to log (the consumer goes on), else null.</param>
    /// <returns>How many slots were filled (0 when no record arrived).</returns>
    [SkipLocalsInit] // librdkafka fills the first count pointers, and only those are read
    public int PollBatch(MessageSlot[] slots, int limit, int timeoutMs, out string? error)
    {
        const int MaxBatch = 1024;
        error = null;
        RdKafkaMessage** messages = stackalloc RdKafkaMessage*[MaxBatch];

        // rd_kafka_consume_batch_queue waits until the batch is full or the timeout passes, so it is only asked for what
        // is already there; an idle consumer blocks in rd_kafka_consumer_poll for the next single record instead.
        int count = (int)RdKafkaQueueApi.ConsumeBatch(_queue, 0, messages, (nuint)Math.Clamp(Math.Min(limit, slots.Length), 1, MaxBatch));
        ThrowIfCallbackFailed();
        if (count <= 0)
        {
            if (Poll(timeoutMs, out error) is not { } single)
            {
                return 0;
            }

            slots[0] = single;
            return 1;
        }

        int filled = 0;
        for (int i = 0; i < count; i++)
        {
            if (ToSlot(messages[i], out string? messageError) is { } slot)
            {
                slots[filled++] = slot;
            }

            error = messageError ?? error;
        }

        return filled;
    }

    private void ThrowIfCallbackFailed()
    {
        if (_callbackError is { } callbackError)
        {
            _callbackError = null;
            throw new InvalidOperationException("A rebalance handler failed.", callbackError);
        }
    }

    /// <summary>Copies a record into a pooled slot and destroys the librdkafka message.</summary>
    /// <returns>The slot, or null for an error or end-of-partition event.</returns>
    private MessageSlot? ToSlot(RdKafkaMessage* message, out string? error)
    {
        error = null;
        try
        {
            if (message->Error == RdKafkaConsumerApi.ErrAutoOffsetReset)
            {
                RestartAtLogStart(message);
                return null;
            }

            if (message->Error != 0)
            {
                if (message->Error != RdKafkaConsumerApi.ErrPartitionEof)
                {
                    error = ((ErrorCode)message->Error).GetReason();
                }

                return null;
            }

            MessageSlot slot = _pool.Rent();
            slot.SetValue(message->Payload == 0 ? default : new ReadOnlySpan<byte>((void*)message->Payload, (int)message->Length), message->Payload == 0);
            slot.SetKey(message->Key == 0 ? default : new ReadOnlySpan<byte>((void*)message->Key, (int)message->KeyLength), message->Key == 0);
            slot.TopicPartition = PartitionOf(TopicIndex(message->Topic), message->Partition);
            slot.Offset = message->Offset;
            int type;
            slot.TimestampMillis = RdKafkaConsumerApi.MessageTimestamp(message, &type);
            slot.ClearHeaders();
            nint headers;
            if (RdKafkaConsumerApi.MessageHeaders(message, &headers) == 0)
            {
                byte* name;
                byte* value;
                nuint size;
                for (nuint i = 0; RdKafkaConsumerApi.HeaderGetAll(headers, i, &name, &value, &size) == 0; i++)
                {
                    slot.AddHeader(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name), value == null ? default : new ReadOnlySpan<byte>(value, (int)size));
                }
            }

            return slot;
        }
        finally
        {
            RdKafkaConsumerApi.MessageDestroy(message);
        }
    }

    /// <summary>
    /// auto.offset.reset=error stopped fetching a partition whose position is not in the log (a committed offset that
    /// retention deleted or that lies beyond the end, or none committed yet): reads the log's bounds, tells the events
    /// (which log and count what was skipped), and restarts the partition at its log start, as auto.offset.reset=earliest
    /// would have done without a word. A slow path: two broker round trips, once per reset.
    /// </summary>
    private void RestartAtLogStart(RdKafkaMessage* message)
    {
        TopicPartition partition = PartitionOf(TopicIndex(message->Topic), message->Partition);
        string reason = message->Payload == 0 ? "offset reset" : System.Text.Encoding.UTF8.GetString((byte*)message->Payload, (int)message->Length);
        long low = -1;
        long high = -1;
        fixed (byte* topic = NativeProducer.CString(partition.Topic))
        {
            if (RdKafkaRangeApi.QueryWatermarkOffsets(_rk, topic, message->Partition, &low, &high, ResetTimeoutMs) != 0)
            {
                low = high = -1;
            }
        }

        _events.OnOffsetReset(partition, message->Offset >= 0 ? message->Offset : -1, low, high, reason);
        RdKafkaPartitionList* list = RdKafkaConsumerApi.PartitionListNew(1);
        try
        {
            fixed (byte* topic = NativeProducer.CString(partition.Topic))
            {
                RdKafkaConsumerApi.PartitionListAdd(list, topic, message->Partition)->Offset = RdKafkaConsumerApi.OffsetBeginning;
            }

            // A seek is refused in the state the reset leaves the partition in (not fetching): take it out of the
            // assignment and put it back at the log start. Both are local; the group sees no change. A partition
            // revoked since the error was queued is no longer ours: its next owner deals with it.
            nint unassigned = RdKafkaConsumerApi.IncrementalUnassign(_rk, list);
            if (unassigned != 0)
            {
                DestroyError(unassigned);
                return;
            }

            ThrowIfFailed(RdKafkaConsumerApi.IncrementalAssign(_rk, list), partition);
        }
        finally
        {
            RdKafkaConsumerApi.PartitionListDestroy(list);
        }
    }

    private static void ThrowIfFailed(nint error, TopicPartition partition)
    {
        if (error != 0)
        {
            string text = Marshal.PtrToStringUTF8((nint)RdKafkaConsumerApi.ErrorString(error)) ?? "unknown error";
            RdKafkaProducerApi.ErrorDestroy(error);
            throw new InvalidOperationException($"{partition} could not be restarted at its log start after an offset reset: {text}");
        }
    }

    /// <summary>Commits offsets synchronously.</summary>
    /// <returns>Null, or the error.</returns>
    public string? Commit(List<TopicPartitionOffset> offsets)
    {
        RdKafkaPartitionList* list = RdKafkaConsumerApi.PartitionListNew(offsets.Count);
        try
        {
            foreach (TopicPartitionOffset o in offsets)
            {
                fixed (byte* t = NativeProducer.CString(o.Topic))
                {
                    RdKafkaConsumerApi.PartitionListAdd(list, t, o.Partition.Value)->Offset = o.Offset.Value;
                }
            }

            int error = RdKafkaConsumerApi.Commit(_rk, list, 0);
            return error == 0 ? null : ((ErrorCode)error).GetReason();
        }
        finally
        {
            RdKafkaConsumerApi.PartitionListDestroy(list);
        }
    }

    /// <summary>Leaves the group (revoking the assignment through the rebalance handler first).</summary>
    public void Close()
    {
        if (_rk != 0)
        {
            _ = RdKafkaConsumerApi.ConsumerClose(_rk);
        }
    }

    public void Dispose()
    {
        if (_rk == 0)
        {
            return;
        }

        RdKafkaQueueApi.Destroy(_queue);
        LibRdKafka.Destroy(_rk);
        _rk = 0;
        _self.Free();
    }

    /// <summary>librdkafka's statistics (only with statistics.interval.ms set); returning 0 lets librdkafka free the JSON.</summary>
    [UnmanagedCallersOnly]
    private static int OnStatistics(nint rk, byte* json, nuint length, nint opaque)
    {
        var self = (NativeConsumer)GCHandle.FromIntPtr(opaque).Target!;
        try
        {
            self._events.OnStatistics(new ReadOnlySpan<byte>(json, (int)length));
        }
        catch (Exception ex)
        {
            self._callbackError ??= ex;
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static void OnRebalance(nint rk, int error, RdKafkaPartitionList* partitions, nint opaque)
    {
        var self = (NativeConsumer)GCHandle.FromIntPtr(opaque).Target!;
        bool cooperative = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(RdKafkaConsumerApi.RebalanceProtocol(rk)).SequenceEqual("COOPERATIVE"u8);
        try
        {
            List<TopicPartition> list = self.ToList(partitions);
            if (error == RdKafkaConsumerApi.ErrAssignPartitions)
            {
                self._events.OnAssigned(list);
            }
            else if (RdKafkaConsumerApi.AssignmentLost(rk) != 0)
            {
                self._events.OnLost(list);
            }
            else
            {
                self._events.OnRevoked(list);
            }
        }
        catch (Exception ex)
        {
            // An exception must not cross into native code: hand it to the polling thread.
            self._callbackError ??= ex;
        }
        finally
        {
            if (error == RdKafkaConsumerApi.ErrAssignPartitions)
            {
                if (cooperative)
                {
                    DestroyError(RdKafkaConsumerApi.IncrementalAssign(rk, partitions));
                }
                else
                {
                    _ = RdKafkaConsumerApi.Assign(rk, partitions);
                }
            }
            else if (cooperative)
            {
                DestroyError(RdKafkaConsumerApi.IncrementalUnassign(rk, partitions));
            }
            else
            {
                _ = RdKafkaConsumerApi.Assign(rk, null);
            }
        }
    }

    private static void DestroyError(nint error)
    {
        if (error != 0)
        {
            RdKafkaProducerApi.ErrorDestroy(error);
        }
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new KafkaException((ErrorCode)error);
        }
    }

    private List<TopicPartition> ToList(RdKafkaPartitionList* partitions)
    {
        var list = new List<TopicPartition>(partitions->Count);
        for (int i = 0; i < partitions->Count; i++)
        {
            RdKafkaTopicPartition* p = partitions->Elements + i;
            string topic = Marshal.PtrToStringUTF8((nint)p->Topic) ?? string.Empty;
            int index = Array.IndexOf(_topics, topic);
            list.Add(index >= 0 ? PartitionOf(index, p->Partition) : new TopicPartition(topic, p->Partition));
        }

        return list;
    }

    /// <summary>The index in the subscription of a record's topic, by its handle (the name is read once per handle).</summary>
    private int TopicIndex(nint rkt)
    {
        for (int i = 0; i < _topicHandles.Length; i++)
        {
            if (_topicHandles[i] == rkt)
            {
                return i;
            }
        }

        string name = Marshal.PtrToStringUTF8((nint)RdKafkaConsumerApi.TopicName(rkt)) ?? string.Empty;
        int index = Array.IndexOf(_topics, name);
        if (index < 0)
        {
            throw new InvalidOperationException($"A record of topic '{name}', which is not subscribed, was consumed.");
        }

        _topicHandles[index] = rkt;
        return index;
    }

    /// <summary>The shared TopicPartition of a subscribed topic's partition (made once per partition, not per record).</summary>
    private TopicPartition PartitionOf(int topic, int partition)
    {
        ref TopicPartition?[] partitions = ref _partitions[topic];
        if (partition >= partitions.Length)
        {
            Array.Resize(ref partitions, Math.Max(partition + 1, partitions.Length * 2));
        }

        return partitions[partition] ??= new TopicPartition(_topics[topic], partition);
    }
}
