using System.Diagnostics;
using Confluent.Kafka;

namespace ParcelStream.IntegrationTests;

/// <summary>Bounded produce and consume helpers: every wait has a deadline, so a broken cluster fails a test instead of hanging it.</summary>
internal static class KafkaTestClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Consumes until <paramref name="expected"/> messages arrived or the deadline passed; returns what arrived.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ConsumeAll(ConsumerConfig config, string topic, int expected, TimeSpan? timeout = null)
    {
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<byte[], byte[]>>(expected);
        var clock = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? DefaultTimeout;
        while (results.Count < expected && clock.Elapsed < limit)
        {
            ConsumeResult<byte[], byte[]>? result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null && !result.IsPartitionEOF)
            {
                results.Add(result);
            }
        }

        consumer.Close();
        return results;
    }

    /// <summary>Produces every message and flushes; returns the delivery reports (errors included).</summary>
    public static List<DeliveryReport<byte[], byte[]>> ProduceAll(ProducerConfig config, string topic, IEnumerable<Message<byte[], byte[]>> messages, TimeSpan? timeout = null)
    {
        var reports = new List<DeliveryReport<byte[], byte[]>>();
        var gate = new Lock();
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        int sent = 0;
        foreach (Message<byte[], byte[]> message in messages)
        {
            producer.Produce(topic, message, report =>
            {
                lock (gate)
                {
                    reports.Add(report);
                }
            });
            sent++;
        }

        int remaining = producer.Flush(timeout ?? DefaultTimeout);
        Assert.True(remaining == 0, $"{remaining} of {sent} messages were still in flight at the deadline.");
        lock (gate)
        {
            return [.. reports];
        }
    }
}
