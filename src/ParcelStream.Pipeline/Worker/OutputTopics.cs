using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Worker;

/// <summary>The output topic of each outcome and the dead-letter topic, as names and as native producer topic handles.</summary>
internal sealed class OutputTopics
{
    private readonly string[] _names;
    private readonly nint[] _handles;
    private readonly nint _deadLetter;

    /// <summary>Resolves the topics; with a native producer, also its topic handles.</summary>
    public OutputTopics(WorkerOptions options, NativeProducer? producer)
    {
        string single = options.DecisionTopic ?? string.Empty;
        _names = single.Length > 0 ? [single, single, single] : [options.ReleaseTopic, options.HoldTopic, options.InspectTopic];
        DecisionTopics = [.. _names.Distinct(StringComparer.Ordinal)];
        _handles = producer is null ? [] : [.. _names.Select(producer.Topic)];
        _deadLetter = producer?.Topic(options.DeadLetterTopic) ?? 0;
    }

    /// <summary>Gets the decision topics, each once (one when <see cref="WorkerOptions.DecisionTopic"/> is set).</summary>
    public IReadOnlyList<string> DecisionTopics { get; }

    /// <summary>Gets the native producer's handle of the dead-letter topic.</summary>
    public nint DeadLetter => _deadLetter;

    /// <summary>Gets the native producer's handle of the topic for an outcome.</summary>
    public nint For(Outcome outcome) => _handles[(int)outcome];

    /// <summary>Gets the topic name for an outcome.</summary>
    public string NameFor(Outcome outcome) => _names[(int)outcome];
}
