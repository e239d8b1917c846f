using Microsoft.Extensions.Logging;
using ParcelStream.Codec;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.State;

namespace ParcelStream.Pipeline.Worker;

/// <summary>Makes decision workers: the one place that picks the worker's Kafka transport.</summary>
public static class DecisionWorkerFactory
{
    /// <summary>
    /// Makes a worker with the transport its options ask for: librdkafka's native client (at least once), or
    /// Confluent.Kafka's transactional producer and consumer (<see cref="WorkerOptions.ExactlyOnce"/>). Nothing connects
    /// until <see cref="IDecisionWorker.Start"/>.
    /// </summary>
    /// <typeparam name="TStage">What decides; a struct so the lanes call it without virtual dispatch.</typeparam>
    /// <param name="options">Validated worker options.</param>
    /// <param name="stage">What decides.</param>
    /// <param name="registry">Writer schemas of the input.</param>
    /// <param name="limits">Decoding limits.</param>
    /// <param name="kafkaSettings">librdkafka settings passed through to both clients (security.protocol, sasl.*, ssl.*...).</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="stateful">The stateful stages (split shipments, duplicates), or null for stateless decisions.</param>
    /// <param name="schemas">The Confluent Schema Registry, or null for the local schemas only.</param>
    /// <returns>The worker, not started.</returns>
    /// <exception cref="InvalidConfigurationException">An option is invalid.</exception>
    public static IDecisionWorker Create<TStage>(WorkerOptions options, TStage stage, SchemaRegistry registry, CodecLimits limits, IReadOnlyDictionary<string, string> kafkaSettings, ILogger logger, StatefulProcessing? stateful = null, RegistrySchemas? schemas = null)
        where TStage : struct, IDecisionStage
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ExactlyOnce
            ? new DecisionWorker<TStage, TransactionalTransport>(options, stage, registry, limits, kafkaSettings, logger, stateful, schemas)
            : new DecisionWorker<TStage, NativeTransport>(options, stage, registry, limits, kafkaSettings, logger, stateful, schemas);
    }
}
