using ParcelStream.Codec.Decisions;

namespace ParcelStream.Pipeline.Worker;

/// <summary>The output topic of each outcome and the dead-letter topic, as the transport addresses them.</summary>
internal sealed class OutputTopics
{
    private readonly OutputTopic[] _byOutcome;

    /// <summary>Resolves the topics.</summary>
    /// <param name="options">The worker's options.</param>
    /// <param name="resolve">The transport's <see cref="IWorkerTransport.Topic"/>; null for names only (no handles).</param>
    public OutputTopics(WorkerOptions options, Func<string, OutputTopic>? resolve)
    {
        string single = options.DecisionTopic ?? string.Empty;
        string[] names = single.Length > 0 ? [single, single, single] : [options.ReleaseTopic, options.HoldTopic, options.InspectTopic];
        DecisionTopics = [.. names.Distinct(StringComparer.Ordinal)];
        resolve ??= static name => new OutputTopic(name, 0);
        _byOutcome = [.. names.Select(resolve)];
        DeadLetter = resolve(options.DeadLetterTopic);
    }

    /// <summary>Gets the decision topics, each once (one when <see cref="WorkerOptions.DecisionTopic"/> is set).</summary>
    public IReadOnlyList<string> DecisionTopics { get; }

    /// <summary>Gets the dead-letter topic.</summary>
    public OutputTopic DeadLetter { get; }

    /// <summary>Gets the topic of an outcome.</summary>
    public OutputTopic For(Outcome outcome) => _byOutcome[(int)outcome];
}
