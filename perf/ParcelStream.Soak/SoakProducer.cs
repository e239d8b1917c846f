using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.Soak;

/// <summary>
/// Produces the soak's traffic at a steady rate: generated manifests, and every <c>hostileEvery</c>-th message a hostile
/// one (kinds in turn; an oversized one every <c>oversizedEvery</c>-th hostile). Remembers where every hostile message
/// landed and the end offset of every partition, from the delivery reports.
/// </summary>
internal sealed class SoakProducer
{
    /// <summary>The size of an oversized message: the repro of issue 13 (kcat with 999,850 random bytes).</summary>
    public const int OversizedBytes = 999_850;

    private static readonly HostileKind[] s_rotation = [HostileKind.Garbage, HostileKind.Truncated, HostileKind.Headers70, HostileKind.Empty];

    private readonly string _bootstrap;
    private readonly string _topic;
    private readonly long[] _endOffsets;
    private long _delivered;
    private long _failed;

    public SoakProducer(string bootstrap, string topic, int partitions)
    {
        _bootstrap = bootstrap;
        _topic = topic;
        _endOffsets = new long[partitions];
    }

    /// <summary>Gets where each hostile message landed: (partition &lt;&lt; 40 | offset) to its kind.</summary>
    public ConcurrentDictionary<long, HostileKind> Hostile { get; } = new();

    /// <summary>Gets how many messages the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Gets how many produce requests failed for good (a soak with any is void).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the first delivery error, if any.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Gets the end offset of each partition (last acknowledged offset + 1).</summary>
    public long EndOffset(int partition) => Interlocked.Read(ref _endOffsets[partition]);

    /// <summary>Produces <paramref name="count"/> messages at <paramref name="rate"/> a second and waits for their acknowledgements.</summary>
    public void Run(long count, int rate, int hostileEvery, int oversizedEvery, ulong seed, Action<long> progress)
    {
        var config = ManifestPublisher.ThroughputConfig(_bootstrap);
        config.ClientId = "parcelstream-soak";
        var options = new GeneratorOptions { Seed = seed };
        options.Shares[ManifestKind.Undecodable] = 0;
        var generator = new ManifestGenerator(options);
        var random = new Random((int)seed);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        Action<DeliveryReport<byte[], byte[]>> delivered = report => OnDelivered(report, null);
        long hostileCount = 0;
        long oversizedCount = 0;
        long started = Stopwatch.GetTimestamp();
        for (long i = 0; i < count; i++)
        {
            // Steady pace: never more than the rate allows since the start.
            while (i > Stopwatch.GetElapsedTime(started).TotalSeconds * rate)
            {
                Thread.Sleep(1);
            }

            buffer.ResetWrittenCount();
            GeneratedMessage generated = generator.NextMessage(buffer, MessageFraming.Confluent);
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(generated.Record.TrackingNumber), Value = buffer.WrittenSpan.ToArray() };
            Action<DeliveryReport<byte[], byte[]>> handler = delivered;
            int partition = -1;
            if ((i + 1) % hostileEvery == 0)
            {
                HostileKind kind = hostileCount % oversizedEvery == oversizedEvery / 2 ? HostileKind.Oversized : s_rotation[hostileCount % s_rotation.Length];
                hostileCount++;
                MakeHostile(message, kind, random);
                handler = report => OnDelivered(report, kind);

                // The embedded broker keeps about 5 MiB per partition and drops older batches: one 1 MB record per
                // partition in turn, never two together, keeps the backlog of a restart well inside it.
                if (kind == HostileKind.Oversized)
                {
                    partition = (int)(oversizedCount++ % _endOffsets.Length);
                }
            }

            Produce(producer, message, partition, handler);
            if ((i & 0x3FFF) == 0)
            {
                progress(i);
            }
        }

        producer.Flush(TimeSpan.FromMinutes(2));
    }

    private static void MakeHostile(Message<byte[], byte[]> message, HostileKind kind, Random random)
    {
        switch (kind)
        {
            case HostileKind.Garbage:
                message.Value = RandomAfterHeader(random, random.Next(20, 2_000));
                break;
            case HostileKind.Truncated:
                message.Value = message.Value.AsSpan(0, message.Value.Length / 2).ToArray();
                break;
            case HostileKind.Headers70:
                message.Value = RandomAfterHeader(random, random.Next(20, 500));
                message.Headers = [];
                for (int h = 0; h < 70; h++)
                {
                    message.Headers.Add($"operator.h{h:00}", Encoding.UTF8.GetBytes($"value-{h}"));
                }

                break;
            case HostileKind.Empty:
                message.Value = null!;
                break;
            case HostileKind.Oversized:
                message.Value = new byte[OversizedBytes];
                random.NextBytes(message.Value);
                break;
        }
    }

    /// <summary>The Confluent frame of a manifest (magic byte, schema id 1), so the decoder gets past the frame into the datum.</summary>
    private static byte[] RandomAfterHeader(Random random, int length)
    {
        byte[] value = new byte[length];
        random.NextBytes(value);
        value[0] = 0;
        value[1] = 0;
        value[2] = 0;
        value[3] = 0;
        value[4] = (byte)SchemaRegistry.DefaultManifestSchemaId;
        return value;
    }

    private void Produce(IProducer<byte[], byte[]> producer, Message<byte[], byte[]> message, int partition, Action<DeliveryReport<byte[], byte[]>> handler)
    {
        while (true)
        {
            try
            {
                if (partition < 0)
                {
                    producer.Produce(_topic, message, handler);
                }
                else
                {
                    producer.Produce(new TopicPartition(_topic, new Partition(partition)), message, handler);
                }

                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private void OnDelivered(DeliveryReport<byte[], byte[]> report, HostileKind? kind)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            FirstError ??= $"{report.Error.Code}: {report.Error.Reason}";
            return;
        }

        Interlocked.Increment(ref _delivered);
        int partition = report.Partition.Value;
        long next = report.Offset.Value + 1;
        long seen = Interlocked.Read(ref _endOffsets[partition]);
        while (next > seen)
        {
            long was = Interlocked.CompareExchange(ref _endOffsets[partition], next, seen);
            if (was == seen)
            {
                break;
            }

            seen = was;
        }

        if (kind is { } k)
        {
            Hostile[((long)partition << 40) | report.Offset.Value] = k;
        }
    }
}
