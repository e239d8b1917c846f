using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// librdkafka settings passed through unchanged to the worker's consumer and producer, from the configuration section
/// <c>ParcelStream:Kafka</c> (e.g. <c>ParcelStream:Kafka:security.protocol=SASL_SSL</c>).
/// </summary>
public sealed class KafkaSettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Kafka";

    /// <summary>Gets the pass-through settings that only a consumer understands (a producer given them warns).</summary>
    public static FrozenSet<string> ConsumerOnly { get; } = FrozenSet.ToFrozenSet(
    [
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "group.instance.id", "fetch.wait.max.ms",
        "fetch.min.bytes", "fetch.max.bytes", "max.partition.fetch.bytes", "auto.offset.reset", "isolation.level",
        "partition.assignment.strategy", "group.protocol", "queued.min.messages", "queued.max.messages.kbytes",
    ]);

    /// <summary>Initializes the settings.</summary>
    /// <param name="settings">librdkafka property names and values.</param>
    public KafkaSettings(IReadOnlyDictionary<string, string> settings) => Settings = settings;

    /// <summary>Gets the settings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Reads the section.</summary>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidConfigurationException">A setting has no value; the message names its key.</exception>
    public static KafkaSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IConfigurationSection child in configuration.GetSection(SectionName).GetChildren())
        {
            if (child.Value is null)
            {
                throw new InvalidConfigurationException($"{SectionName}:{child.Key}", "must be a librdkafka property with a value (e.g. security.protocol=SASL_SSL).");
            }

            settings[child.Key] = child.Value;
        }

        return new KafkaSettings(settings);
    }
}
