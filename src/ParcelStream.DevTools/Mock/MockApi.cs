using System.Runtime.InteropServices;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.DevTools.Mock;

/// <summary>
/// P/Invoke declarations of librdkafka's mock cluster API (rdkafka_mock.h), which only the dev tools use; bound to the
/// file Confluent.Kafka loaded by <see cref="LibRdKafkaResolver"/>, registered for this assembly by <see cref="MockCluster"/>.
/// </summary>
internal static partial class MockApi
{
    private const string LibraryName = LibRdKafka.LibraryName;

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(nint cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial nint MockClusterBootstraps(nint cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(nint cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_delete", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicDelete(nint cluster, string topic);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_set_error", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void MockTopicSetError(nint cluster, string topic, int err);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void MockGroupInitialRebalanceDelayMs(nint cluster, int delayMs);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static unsafe partial void MockPushRequestErrorsArray(nint cluster, short apiKey, nuint count, int* errors);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(nint cluster, short apiKey);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(nint cluster, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(nint cluster, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int MockBrokerSetRtt(nint cluster, int brokerId, int rttMs);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockPartitionSetLeader(nint cluster, string topic, int partition, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_partition_delete_records", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockPartitionDeleteRecords(nint cluster, string topic, int partition, long beforeOffset);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_coordinator_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockCoordinatorSet(nint cluster, string keyType, string key, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    public static partial void MockStartRequestTracking(nint cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    public static partial void MockStopRequestTracking(nint cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_clear_requests")]
    public static partial void MockClearRequests(nint cluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_get_requests")]
    public static unsafe partial nint* MockGetRequests(nint cluster, nuint* count);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_destroy_array")]
    public static unsafe partial void MockRequestDestroyArray(nint* requests, nuint count);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_id")]
    public static partial int MockRequestId(nint request);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_api_key")]
    public static partial short MockRequestApiKey(nint request);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_request_timestamp")]
    public static partial long MockRequestTimestamp(nint request);
}
