using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>Turning the request's bounds into offsets: partitions from metadata, edges from watermarks, times through offsets-for-times.</summary>
public sealed unsafe partial class TopicRangeReader
{
    /// <summary>RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET: the start offset is out of range and auto.offset.reset is error.</summary>
    private const int ErrAutoOffsetReset = -140;

    // RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART and RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC: the only errors that mean "never
    // written"; anything else (a leader election, a timeout) must not pass for an empty store.
    private const int ErrUnknownTopicOrPartition = 3;
    private const int ErrUnknownTopic = -188;

    private PartitionRange[] Resolve()
    {
        int partitionCount = PartitionCount();
        int[] partitions = _request.Partitions is { } chosen ? [.. chosen.Order()] : [.. Enumerable.Range(0, partitionCount)];
        if (_request.MissingIsEmpty)
        {
            partitions = [.. partitions.Where(p => p < partitionCount)];
        }

        foreach (int p in partitions)
        {
            if (p >= partitionCount)
            {
                throw new TopicRangeException($"{Topic} has {partitionCount} partitions (0-{partitionCount - 1}); partition {p} does not exist.");
            }
        }

        var ranges = new PartitionRange[partitions.Length];
        Dictionary<(int Partition, long Time), long> times = OffsetsForTimes(partitions);
        for (int i = 0; i < partitions.Length; i++)
        {
            int p = partitions[i];
            (long low, long high) = Watermarks(p);
            long start = Math.Clamp(Offset(_request.FromOf(p), p, low, times), low, high);
            long end = Math.Clamp(Offset(_request.ToOf(p), p, high, times), start, high);
            ranges[i] = new PartitionRange(p, start, end);
        }

        return ranges;
    }

    private static long Offset(RangeBound bound, int partition, long edge, Dictionary<(int Partition, long Time), long> times) => bound.Kind switch
    {
        RangeBoundKind.Offset => bound.Value,
        RangeBoundKind.Time => times[(partition, bound.Value)],
        _ => edge,
    };

    private int TimeoutMs => (int)Math.Min(int.MaxValue, _request.Timeout.TotalMilliseconds);

    private int PartitionCount()
    {
        nint topic;
        fixed (byte* t = _topicC)
        {
            topic = RdKafkaRangeApi.TopicNew(_rk, t, 0);
        }

        if (topic == 0)
        {
            throw new TopicRangeException($"{Topic}: rd_kafka_topic_new failed.");
        }

        RdKafkaMetadata* metadata = null;
        try
        {
            int error = RdKafkaRangeApi.Metadata(_rk, 0, topic, &metadata, TimeoutMs);
            if (error != 0)
            {
                throw new TopicRangeException($"{Topic}: no metadata from {_request.BootstrapServers} ({RdKafkaRangeApi.Describe(error)}).");
            }

            if (metadata->TopicCount != 1 || metadata->Topics[0].Error != 0 || metadata->Topics[0].PartitionCount == 0)
            {
                int missing = metadata->TopicCount == 1 ? metadata->Topics[0].Error : 0;
                if (_request.MissingIsEmpty && missing is ErrUnknownTopicOrPartition or ErrUnknownTopic)
                {
                    return 0;
                }

                int topicError = metadata->TopicCount == 1 ? metadata->Topics[0].Error : 0;
                throw new TopicRangeException($"{Topic}: the topic is not known to the cluster{(topicError != 0 ? $" ({RdKafkaRangeApi.Describe(topicError)})" : string.Empty)}.");
            }

            return metadata->Topics[0].PartitionCount;
        }
        finally
        {
            if (metadata != null)
            {
                RdKafkaRangeApi.MetadataDestroy(metadata);
            }

            RdKafkaRangeApi.TopicDestroy(topic);
        }
    }

    private (long Low, long High) Watermarks(int partition)
    {
        long low;
        long high;
        int error;
        fixed (byte* t = _topicC)
        {
            error = RdKafkaRangeApi.QueryWatermarkOffsets(_rk, t, partition, &low, &high, TimeoutMs);
        }

        if (error != 0)
        {
            throw new TopicRangeException($"{Topic} partition {partition}: cannot query its offsets ({RdKafkaRangeApi.Describe(error)}).");
        }

        return (low, high);
    }

    /// <summary>The first offset at or after each time bound, per partition; the partition's end where no record is that late.</summary>
    private Dictionary<(int Partition, long Time), long> OffsetsForTimes(int[] partitions)
    {
        var wanted = new List<(int Partition, long Time)>();
        foreach (int p in partitions)
        {
            foreach (RangeBound bound in (ReadOnlySpan<RangeBound>)[_request.FromOf(p), _request.ToOf(p)])
            {
                if (bound.Kind == RangeBoundKind.Time && !wanted.Contains((p, bound.Value)))
                {
                    wanted.Add((p, bound.Value));
                }
            }
        }

        var offsets = new Dictionary<(int Partition, long Time), long>();
        if (wanted.Count == 0)
        {
            return offsets;
        }

        // One query per distinct time: the list holds a partition once.
        foreach (IGrouping<long, (int Partition, long Time)> group in wanted.GroupBy(w => w.Time))
        {
            RdKafkaPartitionList* list = RdKafkaConsumerApi.PartitionListNew(group.Count());
            try
            {
                fixed (byte* t = _topicC)
                {
                    foreach ((int p, long time) in group)
                    {
                        RdKafkaConsumerApi.PartitionListAdd(list, t, p)->Offset = time;
                    }
                }

                int error = RdKafkaRangeApi.OffsetsForTimes(_rk, list, TimeoutMs);
                if (error != 0)
                {
                    throw new TopicRangeException($"{Topic}: cannot look up offsets for {DateTimeOffset.FromUnixTimeMilliseconds(group.Key):O} ({RdKafkaRangeApi.Describe(error)}).");
                }

                for (int i = 0; i < list->Count; i++)
                {
                    RdKafkaTopicPartition* e = list->Elements + i;
                    if (e->Error != 0)
                    {
                        throw new TopicRangeException($"{Topic} partition {e->Partition}: cannot look up the offset for {DateTimeOffset.FromUnixTimeMilliseconds(group.Key):O} ({RdKafkaRangeApi.Describe(e->Error)}).");
                    }

                    // -1: no record at or after the time; long.MaxValue is clamped to the partition's end.
                    offsets[(e->Partition, group.Key)] = e->Offset < 0 ? long.MaxValue : e->Offset;
                }
            }
            finally
            {
                RdKafkaConsumerApi.PartitionListDestroy(list);
            }
        }

        return offsets;
    }
}
