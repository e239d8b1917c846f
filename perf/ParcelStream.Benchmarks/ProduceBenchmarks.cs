using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using ParcelStream.DevTools.Mock;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Benchmarks;

/// <summary>
/// Queues one decision record (tracking-number key, 300-byte value, two headers, the decision's timestamp) with the
/// worker's native producer and with Confluent.Kafka's Produce, the peer, both with the worker's producer settings, to a
/// mock cluster in this process. An operation is what the calling thread pays: librdkafka's copy, partitioner and
/// enqueue, plus the wait when its queue is full (the backpressure the worker's lanes see too).
/// </summary>
[MemoryDiagnoser]
public class ProduceBenchmarks
{
    private const string ManifestIdHeader = "parcelstream.manifest-id";
    private const string RulesetVersionHeader = "parcelstream.ruleset-version";
    private const long DecidedAt = 1_795_000_000_123;

    private static readonly byte[] s_manifestIdName = NativeProducer.CString(ManifestIdHeader);
    private static readonly byte[] s_rulesetVersionName = NativeProducer.CString(RulesetVersionHeader);

    private readonly byte[] _key = "RR123456785CN"u8.ToArray();
    private readonly byte[] _value = new byte[300];
    private readonly byte[] _manifestId = "MF-2026-11-23-000000001"u8.ToArray();
    private readonly byte[] _rulesetVersion = "2026.11.1"u8.ToArray();
    private MockCluster _cluster = null!;
    private NativeProducer _native = null!;
    private nint _nativeTopic;
    private IProducer<byte[], byte[]> _confluent = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = new MockCluster(brokerCount: 1);
        _cluster.CreateTopic("native", 24);
        _cluster.CreateTopic("confluent", 24);
        Dictionary<string, string> settings = KafkaSettings.DecisionProducer(_cluster.BootstrapServers, new WorkerOptions().MaxInFlight, new Dictionary<string, string>());
        _native = new NativeProducer(settings, new Discard());
        _nativeTopic = _native.Topic("native");
        _confluent = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(settings)).Build();
        Random.Shared.NextBytes(_value);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _native.Flush(TimeSpan.FromSeconds(30));
        _confluent.Flush(TimeSpan.FromSeconds(30));
        _native.Dispose();
        _confluent.Dispose();
        _cluster.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Confluent.Kafka Produce")]
    public void Confluent() => _confluent.Produce("confluent", new Message<byte[], byte[]>
    {
        Key = _key,
        Value = _value,
        Timestamp = new Timestamp(DecidedAt, TimestampType.CreateTime),
        Headers = new Headers { { ManifestIdHeader, _manifestId }, { RulesetVersionHeader, _rulesetVersion } },
    });

    [Benchmark(Description = "NativeProducer.Produce")]
    public unsafe int Native()
    {
        fixed (byte* idName = s_manifestIdName)
        fixed (byte* id = _manifestId)
        fixed (byte* versionName = s_rulesetVersionName)
        fixed (byte* version = _rulesetVersion)
        {
            ReadOnlySpan<HeaderRef> headers = [new HeaderRef(idName, id, _manifestId.Length), new HeaderRef(versionName, version, _rulesetVersion.Length)];
            return _native.Produce(_nativeTopic, _key, _value, headers, 0, -1, DecidedAt);
        }
    }

    private sealed class Discard : DeliveryTarget
    {
        public override void OnDeliveries(ReadOnlySpan<DeliveredRecord> records)
        {
        }

        public override void OnError(int error, string reason)
        {
        }
    }
}
