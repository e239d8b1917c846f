using System.Buffers;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Pipeline.Kafka;

namespace ParcelStream.DevTools.Generation;

/// <summary>Produces generated manifests to a Kafka topic at a given rate, for the <c>generate</c> command and load tests.</summary>
public sealed class ManifestPublisher
{
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_flushLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_flushAfterStop = TimeSpan.FromSeconds(5);

    private readonly ProducerConfig _config;
    private long _delivered;
    private long _failed;
    private string? _firstError;

    /// <summary>Initializes a publisher.</summary>
    /// <param name="config">The producer configuration; see <see cref="ThroughputConfig"/>.</param>
    public ManifestPublisher(ProducerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
    }

    /// <summary>A producer configuration tuned for throughput: linger 5 ms, 1 MB batches, lz4, idempotence (acks=all).</summary>
    /// <param name="bootstrapServers">The brokers.</param>
    /// <returns>A new configuration.</returns>
    public static ProducerConfig ThroughputConfig(string bootstrapServers) => new()
    {
        BootstrapServers = bootstrapServers,
        ClientId = "parcelstream-generate",
        LingerMs = 5,
        BatchSize = 1_048_576,
        CompressionType = CompressionType.Lz4,
        EnableIdempotence = true,
        Acks = Acks.All,
        QueueBufferingMaxMessages = 500_000,
        QueueBufferingMaxKbytes = 1_048_576,
    };

    /// <summary>Produces <paramref name="count"/> messages from <paramref name="generator"/> and waits for their acknowledgements.</summary>
    /// <param name="generator">The source of messages.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="count">How many messages.</param>
    /// <param name="rate">Messages per second; 0 is as fast as the producer takes them.</param>
    /// <param name="framing">The message framing.</param>
    /// <param name="key">The field used as the message key.</param>
    /// <param name="progress">Called about ten times a second with the messages produced so far; null for none.</param>
    /// <param name="generated">Sees every message as it is made (before it is sent), e.g. to keep its ground truth.</param>
    /// <param name="cancellationToken">Stops producing; what was produced is still flushed for a few seconds.</param>
    /// <returns>The counts.</returns>
    public PublishSummary Publish(ManifestGenerator generator, string topic, long count, double rate, MessageFraming framing, MessageKey key, Action<long>? progress = null, Action<GeneratedMessage>? generated = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        _delivered = 0;
        _failed = 0;
        _firstError = null;
        var byKind = new Dictionary<ManifestKind, long>();
        var buffer = new ArrayBufferWriter<byte>(2048);
        Action<DeliveryReport<byte[]?, byte[]>> onDelivery = OnDelivery;
        long produced = 0;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan nextProgress = s_progressInterval;

        using (IProducer<byte[]?, byte[]> producer = new ProducerBuilder<byte[]?, byte[]>(_config).SetLogHandler(KafkaLog.Shared.Handler()).Build())
        {
            for (; produced < count && !cancellationToken.IsCancellationRequested; produced++)
            {
                if (rate > 0)
                {
                    Pace(clock, produced, rate, cancellationToken);
                }

                buffer.ResetWrittenCount();
                GeneratedMessage message = generator.NextMessage(buffer, framing);
                generated?.Invoke(message);
                byKind[message.Kind] = byKind.GetValueOrDefault(message.Kind) + 1;
                bytes += message.Length;
                // Ground truth for measuring decisions: a header, which the worker's decoder and rules never see.
                var kafkaMessage = new Message<byte[]?, byte[]> { Key = KeyBytes(message, key), Value = buffer.WrittenSpan.ToArray(), Headers = [new Header(GroundTruth.Header, GroundTruth.HeaderValue(message.Kind))] };
                ProduceWithBackpressure(producer, topic, kafkaMessage, onDelivery, cancellationToken);
                if (progress is not null && clock.Elapsed >= nextProgress)
                {
                    progress(produced + 1);
                    nextProgress = clock.Elapsed + s_progressInterval;
                }
            }

            // Delivery can take up to message.timeout.ms (5 minutes) when no broker answers; a stop during that wait (SIGTERM,
            // Ctrl-C) still gives in-flight messages a moment, so the summary is not all "failed", and then ends it.
            var flushClock = Stopwatch.StartNew();
            TimeSpan? stoppedAt = null;
            while (producer.Flush(TimeSpan.FromMilliseconds(100)) > 0 && flushClock.Elapsed < s_flushLimit)
            {
                progress?.Invoke(produced);
                if (cancellationToken.IsCancellationRequested)
                {
                    stoppedAt ??= flushClock.Elapsed;
                    if (flushClock.Elapsed - stoppedAt >= s_flushAfterStop)
                    {
                        break;
                    }
                }
            }
        }

        progress?.Invoke(produced);
        return new PublishSummary(produced, Interlocked.Read(ref _delivered), Interlocked.Read(ref _failed), byKind, bytes, clock.Elapsed, _firstError);
    }

    private static void Pace(Stopwatch clock, long produced, double rate, CancellationToken cancellationToken)
    {
        TimeSpan due = TimeSpan.FromSeconds(produced / rate);
        TimeSpan ahead = due - clock.Elapsed;
        if (ahead > TimeSpan.FromMilliseconds(1))
        {
            cancellationToken.WaitHandle.WaitOne(ahead);
        }
    }

    private static void ProduceWithBackpressure(IProducer<byte[]?, byte[]> producer, string topic, Message<byte[]?, byte[]> message, Action<DeliveryReport<byte[]?, byte[]>> onDelivery, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && !cancellationToken.IsCancellationRequested)
            {
                // The local queue is full: serve delivery reports until there is room.
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static byte[]? KeyBytes(GeneratedMessage message, MessageKey key) => key switch
    {
        MessageKey.TrackingNumber => Encoding.UTF8.GetBytes(message.Record.TrackingNumber),
        MessageKey.ManifestId => Encoding.UTF8.GetBytes(message.Record.ManifestId),
        MessageKey.Consignee => Encoding.UTF8.GetBytes($"{message.Record.Consignee.Name}|{message.Record.Consignee.PostalCode}|{message.Record.Consignee.CountryCode}"),
        _ => null,
    };

    private void OnDelivery(DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstError, $"{report.Error.Code}: {report.Error.Reason}", null);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }
}
