using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Kafka.Native;

namespace ParcelStream.Pipeline.Worker;

/// <summary>The output topic of each outcome and the dead-letter topic, as names and as null-terminated UTF-8.</summary>
internal sealed class OutputTopics
{
    private readonly string[] _names;
    private readonly byte[][] _native;
    private readonly byte[] _deadLetter;

    public OutputTopics(WorkerOptions options)
    {
        string single = options.DecisionTopic ?? string.Empty;
        _names = single.Length > 0 ? [single, single, single] : [options.ReleaseTopic, options.HoldTopic, options.InspectTopic];
        _native = [.. _names.Select(NativeProducer.CString)];
        _deadLetter = NativeProducer.CString(options.DeadLetterTopic);
    }

    /// <summary>Gets the null-terminated dead-letter topic.</summary>
    public ReadOnlySpan<byte> DeadLetter => _deadLetter;

    /// <summary>Gets the null-terminated topic for an outcome.</summary>
    public ReadOnlySpan<byte> For(Outcome outcome) => _native[(int)outcome];

    /// <summary>Gets the topic name for an outcome.</summary>
    public string NameFor(Outcome outcome) => _names[(int)outcome];
}
