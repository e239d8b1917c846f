using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.DevTools.Mock;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock brokers listening on 127.0.0.1 with random ports, reachable by any
/// Kafka client (Confluent.Kafka in this or another process, kcat). For tests, demos and the <c>cluster</c> command;
/// it holds everything in memory. Thread-safe: each call is handed to the cluster's own thread.
/// </summary>
public sealed class MockCluster : IDisposable
{
    private const int ErrorStringBytes = 512;

    private readonly Lock _gate = new();
    private nint _client;
    private nint _cluster;

    /// <summary>Starts a mock cluster.</summary>
    /// <param name="brokerCount">Number of brokers, with ids 1 to <paramref name="brokerCount"/>.</param>
    /// <param name="logLevel">librdkafka log level of the cluster's client handle (syslog levels 0-7; 3 logs errors only).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokerCount"/> is not positive.</exception>
    /// <exception cref="MockClusterException">librdkafka could not create the client handle or the cluster.</exception>
    /// <exception cref="DllNotFoundException">No librdkafka file could be loaded.</exception>
    public MockCluster(int brokerCount = 3, int logLevel = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(brokerCount);
        ArgumentOutOfRangeException.ThrowIfNegative(logLevel);
        LibRdKafkaResolver.EnsureRegistered();
        LibRdKafkaResolver.EnsureRegistered(typeof(MockApi).Assembly);
        _client = CreateClient(logLevel);
        _cluster = MockApi.MockClusterNew(_client, brokerCount);
        if (_cluster == 0)
        {
            LibRdKafka.Destroy(_client);
            _client = 0;
            throw new MockClusterException($"rd_kafka_mock_cluster_new({brokerCount}) returned no cluster.");
        }

        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(MockApi.MockClusterBootstraps(_cluster)) ?? string.Empty;
    }

    /// <summary>Gets the bootstrap servers, "127.0.0.1:port1,127.0.0.1:port2,...".</summary>
    public string BootstrapServers { get; }

    /// <summary>Gets the number of brokers; their ids are 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>Gets the path of the librdkafka file in use, when the platform tells (Linux); else null.</summary>
    public static string? LibraryPath => LibRdKafkaResolver.LoadedPath();

    /// <summary>Creates a topic (the mock serves no CreateTopics request; clients' auto-created topics get 4 partitions).</summary>
    /// <param name="topic">The topic name.</param>
    /// <param name="partitions">Number of partitions.</param>
    /// <param name="replicationFactor">Replicas per partition, at most <see cref="BrokerCount"/>.</param>
    /// <exception cref="MockClusterException">librdkafka refused, e.g. TOPIC_ALREADY_EXISTS or INVALID_REPLICATION_FACTOR.</exception>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicationFactor);
        Check(MockApi.MockTopicCreate(Handle(), topic, partitions, replicationFactor), "rd_kafka_mock_topic_create", topic);
    }

    /// <summary>Deletes a topic.</summary>
    /// <param name="topic">The topic name.</param>
    /// <exception cref="MockClusterException">librdkafka refused, e.g. UNKNOWN_TOPIC_OR_PART.</exception>
    public void DeleteTopic(string topic)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Check(MockApi.MockTopicDelete(Handle(), topic), "rd_kafka_mock_topic_delete", topic);
    }

    /// <summary>Sets group.initial.rebalance.delay.ms for the whole cluster (3000 ms by default; 0 makes tests fast).</summary>
    /// <param name="delay">The delay before the first rebalance of a new group.</param>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        MockApi.MockGroupInitialRebalanceDelayMs(Handle(), checked((int)delay.TotalMilliseconds));
    }

    /// <summary>Makes the next requests of a type fail, one error per request, in order, on whichever broker receives them.</summary>
    /// <param name="apiKey">The request type.</param>
    /// <param name="errors">The errors to answer with; <see cref="ErrorCode.Local_Transport"/> disconnects the client.</param>
    public unsafe void PushRequestErrors(KafkaApiKey apiKey, params ReadOnlySpan<ErrorCode> errors)
    {
        if (errors.IsEmpty)
        {
            return;
        }

        // ErrorCode is an int enum with librdkafka's rd_kafka_resp_err_t values, so the span is the C array.
        fixed (ErrorCode* first = errors)
        {
            MockApi.MockPushRequestErrorsArray(Handle(), (short)apiKey, (nuint)errors.Length, (int*)first);
        }
    }

    /// <summary>Makes the next <paramref name="count"/> requests of a type fail with the same error.</summary>
    /// <param name="apiKey">The request type.</param>
    /// <param name="count">How many requests fail.</param>
    /// <param name="error">The error to answer with.</param>
    public void PushRequestErrors(KafkaApiKey apiKey, int count, ErrorCode error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ErrorCode[] errors = new ErrorCode[count];
        Array.Fill(errors, error);
        PushRequestErrors(apiKey, errors);
    }

    /// <summary>Drops the errors still queued for a request type.</summary>
    /// <param name="apiKey">The request type.</param>
    public void ClearRequestErrors(KafkaApiKey apiKey) => MockApi.MockClearRequestErrors(Handle(), (short)apiKey);

    /// <summary>Takes a broker down: it closes its connections and refuses new ones until <see cref="SetBrokerUp"/>.</summary>
    /// <param name="brokerId">The broker id (1 to <see cref="BrokerCount"/>).</param>
    /// <exception cref="MockClusterException">No such broker.</exception>
    public void SetBrokerDown(int brokerId) => Check(MockApi.MockBrokerSetDown(Handle(), brokerId), "rd_kafka_mock_broker_set_down", brokerId);

    /// <summary>Brings a broker back up.</summary>
    /// <param name="brokerId">The broker id.</param>
    /// <exception cref="MockClusterException">No such broker.</exception>
    public void SetBrokerUp(int brokerId) => Check(MockApi.MockBrokerSetUp(Handle(), brokerId), "rd_kafka_mock_broker_set_up", brokerId);

    /// <summary>Delays every response of a broker.</summary>
    /// <param name="brokerId">The broker id.</param>
    /// <param name="rtt">The added round-trip time; zero removes it.</param>
    /// <exception cref="MockClusterException">No such broker.</exception>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        Check(MockApi.MockBrokerSetRtt(Handle(), brokerId, checked((int)rtt.TotalMilliseconds)), "rd_kafka_mock_broker_set_rtt", brokerId);
    }

    /// <summary>Moves a partition's leadership (clients learn it from the next Metadata or a NOT_LEADER error).</summary>
    /// <param name="topic">The topic (auto-created when missing).</param>
    /// <param name="partition">The partition.</param>
    /// <param name="brokerId">The new leader; -1 leaves the partition without a leader.</param>
    /// <exception cref="MockClusterException">No such partition.</exception>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Check(MockApi.MockPartitionSetLeader(Handle(), topic, partition, brokerId), "rd_kafka_mock_partition_set_leader", $"{topic}[{partition}] -> {brokerId}");
    }

    /// <summary>Deletes a partition's records before an offset, as retention does: the log start offset moves there.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="beforeOffset">The new log start offset, at most the high watermark.</param>
    /// <exception cref="MockClusterException">No such partition, or OFFSET_OUT_OF_RANGE beyond the high watermark.</exception>
    public void DeleteRecords(string topic, int partition, long beforeOffset)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        Check(MockApi.MockPartitionDeleteRecords(Handle(), topic, partition, beforeOffset), "rd_kafka_mock_partition_delete_records", $"{topic}[{partition}] < {beforeOffset}");
    }

    /// <summary>Sets the topic-level error returned in Metadata and AddPartitionsToTxn responses.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="error">The error; <see cref="ErrorCode.NoError"/> clears it.</param>
    public void SetTopicError(string topic, ErrorCode error)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        MockApi.MockTopicSetError(Handle(), topic, (int)error);
    }

    /// <summary>Makes a broker the coordinator of a consumer group or a transactional id.</summary>
    /// <param name="keyType">"group" or "transaction".</param>
    /// <param name="key">The group id or transactional id.</param>
    /// <param name="brokerId">The coordinator broker.</param>
    /// <exception cref="MockClusterException">librdkafka refused, e.g. an unknown key type.</exception>
    public void SetCoordinator(string keyType, string key, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyType);
        ArgumentException.ThrowIfNullOrEmpty(key);
        Check(MockApi.MockCoordinatorSet(Handle(), keyType, key, brokerId), "rd_kafka_mock_coordinator_set", $"{keyType} {key} -> {brokerId}");
    }

    /// <summary>Starts recording the requests the brokers receive (see <see cref="GetRequests"/>).</summary>
    public void StartRequestTracking() => MockApi.MockStartRequestTracking(Handle());

    /// <summary>Stops recording requests; the ones recorded stay until <see cref="ClearRequests"/>.</summary>
    public void StopRequestTracking() => MockApi.MockStopRequestTracking(Handle());

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRequests() => MockApi.MockClearRequests(Handle());

    /// <summary>Gets the requests recorded since tracking started or was last cleared, oldest first.</summary>
    /// <returns>A copy of the recorded requests.</returns>
    public unsafe IReadOnlyList<MockRequest> GetRequests()
    {
        nuint count;
        nint* requests = MockApi.MockGetRequests(Handle(), &count);
        if (requests is null)
        {
            return [];
        }

        try
        {
            var result = new MockRequest[checked((int)count)];
            for (int i = 0; i < result.Length; i++)
            {
                nint request = requests[i];
                result[i] = new MockRequest(MockApi.MockRequestId(request), (KafkaApiKey)MockApi.MockRequestApiKey(request), MockApi.MockRequestTimestamp(request));
            }

            return result;
        }
        finally
        {
            MockApi.MockRequestDestroyArray(requests, count);
        }
    }

    /// <summary>Gets librdkafka's name for an error code (rd_kafka_err2name), e.g. NOT_LEADER_FOR_PARTITION.</summary>
    /// <param name="error">The error code.</param>
    /// <returns>The name.</returns>
    public static string ErrorName(ErrorCode error)
    {
        LibRdKafkaResolver.EnsureRegistered();
        return Marshal.PtrToStringUTF8(LibRdKafka.ErrorName((int)error)) ?? ((int)error).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Destroys the cluster (its brokers close their listeners and connections) and the client handle that hosts it.</summary>
    public void Dispose()
    {
        nint cluster;
        nint client;
        lock (_gate)
        {
            cluster = _cluster;
            client = _client;
            _cluster = 0;
            _client = 0;
        }

        if (cluster != 0)
        {
            MockApi.MockClusterDestroy(cluster);
        }

        if (client != 0)
        {
            LibRdKafka.Destroy(client);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"MockCluster({BrokerCount} brokers, {BootstrapServers})";

    private static unsafe nint CreateClient(int logLevel)
    {
        nint conf = LibRdKafka.ConfNew();
        byte* error = stackalloc byte[ErrorStringBytes];
        error[0] = 0;
        string level = logLevel.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (LibRdKafka.ConfSet(conf, "log_level", level, error, ErrorStringBytes) != LibRdKafka.ConfOk
            || LibRdKafka.ConfSet(conf, "client.id", "parcelstream-mock-cluster", error, ErrorStringBytes) != LibRdKafka.ConfOk)
        {
            LibRdKafka.ConfDestroy(conf);
            throw new MockClusterException($"rd_kafka_conf_set failed: {Utf8(error)}");
        }

        // rd_kafka_new owns conf from here on when it succeeds, and leaves it to us when it fails.
        nint client = LibRdKafka.New(LibRdKafka.ProducerType, conf, error, ErrorStringBytes);
        if (client == 0)
        {
            LibRdKafka.ConfDestroy(conf);
            throw new MockClusterException($"rd_kafka_new failed: {Utf8(error)}");
        }

        return client;
    }

    private static unsafe string Utf8(byte* text) => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));

    private static void Check<T>(int error, string function, T argument)
    {
        if (error != 0)
        {
            ThrowNative(error, function, argument?.ToString());
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNative(int error, string function, string? argument) =>
        throw new MockClusterException($"{function}({argument})", (ErrorCode)error, ErrorName((ErrorCode)error));

    private nint Handle()
    {
        nint cluster = _cluster;
        ObjectDisposedException.ThrowIf(cluster == 0, this);
        return cluster;
    }
}
