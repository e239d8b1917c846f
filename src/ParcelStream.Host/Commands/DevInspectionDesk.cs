using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.DevTools.Generation;
using ParcelStream.Pipeline.Kafka;

namespace ParcelStream.Host.Commands;

/// <summary>
/// <c>dev</c>'s simulated inspection desk: inspects every INSPECT decision and publishes FOUND when the generator planted
/// something in the parcel (its ground truth, which the engine never sees), CLEAN otherwise, so the feedback loop runs
/// as it would with officers.
/// </summary>
internal sealed class DevInspectionDesk : IDisposable
{
    private const string Inspector = "dev-desk";
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, ManifestKind> _truth = new(StringComparer.Ordinal);
    private readonly string _bootstrap;
    private readonly string _decisions;
    private readonly string _results;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private long _inspected;
    private long _found;

    /// <summary>Initializes a new desk.</summary>
    /// <param name="bootstrap">The embedded cluster.</param>
    /// <param name="inspectTopic">Where the worker publishes INSPECT decisions.</param>
    /// <param name="resultsTopic">Where the feedback stage reads inspection results.</param>
    public DevInspectionDesk(string bootstrap, string inspectTopic, string resultsTopic)
    {
        _bootstrap = bootstrap;
        _decisions = inspectTopic;
        _results = resultsTopic;
    }

    /// <summary>Gets the parcels inspected so far.</summary>
    public long Inspected => Interlocked.Read(ref _inspected);

    /// <summary>Gets the inspections that found something.</summary>
    public long Found => Interlocked.Read(ref _found);

    /// <summary>Records what the generator planted in a manifest (called for every message it makes).</summary>
    /// <param name="message">The generated message.</param>
    public void Remember(GeneratedMessage message) => _truth[message.Record.ManifestId] = message.Kind;

    /// <summary>Starts inspecting on a thread of its own (a blocking consumer).</summary>
    public void Start() => _run = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);

    /// <summary>Stops inspecting and waits for the desk's thread.</summary>
    public void Stop()
    {
        _stop.Cancel();
        _run?.Wait(TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private void Run()
    {
        var consumerConfig = new ConsumerConfig
        {
            BootstrapServers = _bootstrap,
            GroupId = "parcelstream-dev-desk",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            ClientId = "parcelstream-dev-desk",
        };
        var producerConfig = new ProducerConfig { BootstrapServers = _bootstrap, ClientId = "parcelstream-dev-desk", LingerMs = 5 };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(consumerConfig).SetLogHandler(KafkaLog.Shared.Handler()).Build();
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(producerConfig).SetLogHandler(KafkaLog.Shared.Handler()).Build();
        consumer.Subscribe(_decisions);
        var decision = new CustomsDecision();
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? record = consumer.Consume(s_poll);
            if (record?.Message.Value is not { } value)
            {
                continue;
            }

            decision.Reset();
            if (DecisionReader.Read(value, decision).IsError)
            {
                continue;
            }

            string id = Encoding.UTF8.GetString(decision.ManifestId);
            bool found = _truth.TryGetValue(id, out ManifestKind kind) && kind != ManifestKind.Clean;
            var report = new InspectionReport(id, found ? InspectionOutcome.Found : InspectionOutcome.Clean, Inspector, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
            {
                FindingCodes = found ? [kind.ToString()] : [],
            };
            producer.Produce(_results, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(id), Value = InspectionReportWriter.ToArray(report, MessageFraming.Confluent) });
            Interlocked.Increment(ref _inspected);
            if (found)
            {
                Interlocked.Increment(ref _found);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(5));
        consumer.Close();
    }
}
