using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>The librdkafka consumer calls the worker's at-least-once path uses directly (rdkafka.h).</summary>
internal static unsafe partial class RdKafkaConsumerApi
{
    /// <summary>rd_kafka_type_t RD_KAFKA_CONSUMER.</summary>
    public const int ConsumerType = 1;

    public const int ErrAssignPartitions = -175;
    public const int ErrPartitionEof = -191;

    /// <summary>RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET: with auto.offset.reset=error, a partition has no valid position to fetch from.</summary>
    public const int ErrAutoOffsetReset = -140;

    /// <summary>RD_KAFKA_OFFSET_BEGINNING: the log start offset.</summary>
    public const long OffsetBeginning = -2;

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_conf_set_rebalance_cb")]
    public static partial void ConfSetRebalanceCallback(nint conf, delegate* unmanaged<nint, int, RdKafkaPartitionList*, nint, void> callback);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_conf_set_stats_cb")]
    public static partial void ConfSetStatsCallback(nint conf, delegate* unmanaged<nint, byte*, nuint, nint, int> callback);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_poll_set_consumer")]
    public static partial int PollSetConsumer(nint rk);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_subscribe")]
    public static partial int Subscribe(nint rk, RdKafkaPartitionList* topics);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_consumer_poll")]
    public static partial RdKafkaMessage* ConsumerPoll(nint rk, int timeoutMs);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_message_destroy")]
    public static partial void MessageDestroy(RdKafkaMessage* message);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_message_timestamp")]
    public static partial long MessageTimestamp(RdKafkaMessage* message, int* type);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_message_headers")]
    public static partial int MessageHeaders(RdKafkaMessage* message, nint* headers);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_header_get_all")]
    public static partial int HeaderGetAll(nint headers, nuint index, byte** name, byte** value, nuint* size);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_partition_list_new")]
    public static partial RdKafkaPartitionList* PartitionListNew(int size);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_partition_list_add")]
    public static partial RdKafkaTopicPartition* PartitionListAdd(RdKafkaPartitionList* list, byte* topic, int partition);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_partition_list_destroy")]
    public static partial void PartitionListDestroy(RdKafkaPartitionList* list);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_commit")]
    public static partial int Commit(nint rk, RdKafkaPartitionList* offsets, int async);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_consumer_close")]
    public static partial int ConsumerClose(nint rk);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_assign")]
    public static partial int Assign(nint rk, RdKafkaPartitionList* partitions);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_incremental_assign")]
    public static partial nint IncrementalAssign(nint rk, RdKafkaPartitionList* partitions);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_incremental_unassign")]
    public static partial nint IncrementalUnassign(nint rk, RdKafkaPartitionList* partitions);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_rebalance_protocol")]
    public static partial byte* RebalanceProtocol(nint rk);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_assignment_lost")]
    public static partial int AssignmentLost(nint rk);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_error_string")]
    public static partial byte* ErrorString(nint error);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_name")]
    public static partial byte* TopicName(nint rkt);
}
