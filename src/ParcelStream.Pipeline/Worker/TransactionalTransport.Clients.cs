using Confluent.Kafka;
using ParcelStream.Pipeline.Kafka;

namespace ParcelStream.Pipeline.Worker;

/// <content>The Confluent.Kafka clients, their handlers routed to the worker.</content>
internal partial struct TransactionalTransport
{
    private static IProducer<byte[], byte[]> BuildProducer(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings, ITransportEvents events)
    {
        var config = new ProducerConfig(KafkaSettings.DecisionProducer(options.BootstrapServers, options.MaxInFlight, kafkaSettings, options.TransactionalId));
        return new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, e) => OnClientError(events, e))
            .SetLogHandler(KafkaLog.Shared.Handler())
            .Build();
    }

    private static IConsumer<SlotKey, MessageSlot> BuildConsumer(WorkerOptions options, IReadOnlyDictionary<string, string> kafkaSettings, SlotPool pool, ITransportEvents events)
    {
        Dictionary<string, string> settings = KafkaSettings.WithConsumerDefaults(kafkaSettings);
        KafkaSettings.AddGroupDefaults(settings, options);
        var config = new ConsumerConfig(settings)
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            IsolationLevel = IsolationLevel.ReadCommitted,
            StatisticsIntervalMs = options.StatisticsIntervalMs,
            ClientId = "parcelstream-worker",
        };
        var deserializers = new SlotDeserializers(pool);
        return new ConsumerBuilder<SlotKey, MessageSlot>(config)
            .SetKeyDeserializer(deserializers)
            .SetValueDeserializer(deserializers)
            .SetErrorHandler((_, e) => OnClientError(events, e))
            .SetLogHandler(KafkaLog.Shared.Handler())
            .SetStatisticsHandler((_, json) => events.ConsumerLag.OnStatistics(json))
            .SetPartitionsAssignedHandler((_, assigned) => events.OnAssigned(assigned))
            .SetPartitionsRevokedHandler((_, revoked) => events.OnRevoked(revoked.Select(r => r.TopicPartition).ToList()))
            .SetPartitionsLostHandler((_, lost) => events.OnLost(lost.Select(r => r.TopicPartition).ToList()))
            .Build();
    }

    private static void OnClientError(ITransportEvents events, Error error) =>
        events.OnClientError(error.Code.ToString(), error.Reason, error.IsFatal ? new KafkaException(error) : null);
}
