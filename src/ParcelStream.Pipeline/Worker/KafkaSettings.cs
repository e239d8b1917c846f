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
        "fetch.queue.backoff.ms",
    ]);

    /// <summary>
    /// How long the decision producer waits to fill a batch. 20 ms rather than 5: fewer, larger produce requests and
    /// delivery-report events cost 13-24 % less CPU per manifest in the load driver (three interleaved runs,
    /// perf/results/e2e-2026-11-23.md), for up to 15 ms more decision latency; ParcelStream:Kafka:linger.ms overrides it.
    /// </summary>
    public const int DecisionLingerMs = 20;

    /// <summary>
    /// How long librdkafka postpones fetching a partition whose pre-fetched queue is over queued.min.messages or
    /// queued.max.messages.kbytes. librdkafka's default, 1,000 ms, starves a worker: whenever the in-flight limit holds
    /// the consumer back, the pre-fetched queue fills, fetching stops for a second, and the lanes drain the queue in a
    /// fraction of that and then wait. With 10 ms the load driver's worker went from about 160k to 360k-480k
    /// decisions/s with no other change (three interleaved pairs, perf/results/e2e-2026-12-06.md). While over the limits
    /// no fetch request is sent, so checking more often costs a timer, not broker traffic.
    /// ParcelStream:Kafka:fetch.queue.backoff.ms overrides it.
    /// </summary>
    public const int FetchQueueBackoffMs = 10;

    /// <summary>How often the decision consumer refreshes topic metadata (librdkafka's default is 300,000 ms).</summary>
    public const int TopicMetadataRefreshMs = 30_000;

    /// <summary>How long a fetch may wait at the broker for fetch.min.bytes of data (librdkafka's default is 500 ms).</summary>
    public const int FetchWaitMaxMs = 50;

    /// <summary>Pre-fetch queue of a reader beside the decision consumer (KiB): 4 MiB is about 10,000 decided records.</summary>
    internal const long ReaderQueueKBytes = 4096;

    /// <summary>Fetch answer of a reader beside the decision consumer: above message.max.bytes (1,000,000), as librdkafka requires.</summary>
    internal const long ReaderFetchMaxBytes = 4L * 1024 * 1024;

    /// <summary>
    /// Adds the worker consumers' defaults where the pass-through settings do not set them: <see cref="FetchWaitMaxMs"/>
    /// and <see cref="FetchQueueBackoffMs"/>. The load driver's raw peers get the same.
    /// </summary>
    /// <param name="settings">librdkafka consumer settings, changed in place.</param>
    internal static void AddConsumerDefaults(IDictionary<string, string> settings)
    {
        settings.TryAdd("fetch.wait.max.ms", FetchWaitMaxMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        settings.TryAdd("fetch.queue.backoff.ms", FetchQueueBackoffMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Adds the worker's group membership settings where the pass-through settings do not set them: session.timeout.ms
    /// from <see cref="WorkerOptions.SessionTimeoutMs"/>, <see cref="TopicMetadataRefreshMs"/> and, when set,
    /// group.instance.id from <see cref="WorkerOptions.GroupInstanceId"/> (static membership). Only the decision consumer gets them: the
    /// feedback join and the restore readers are other members (or none) and must not share the instance id.
    /// </summary>
    /// <param name="settings">librdkafka consumer settings, changed in place.</param>
    /// <param name="options">The worker's options.</param>
    internal static void AddGroupDefaults(IDictionary<string, string> settings, WorkerOptions options)
    {
        settings.TryAdd("session.timeout.ms", options.SessionTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // librdkafka's default, 5 min, is how long partitions added to a subscribed topic go unnoticed (unconsumed, and
        // the stateful stages' co-partitioning check not run); a metadata request every 30 s costs the cluster nothing.
        settings.TryAdd("topic.metadata.refresh.interval.ms", TopicMetadataRefreshMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(options.GroupInstanceId))
        {
            settings.TryAdd("group.instance.id", options.GroupInstanceId);
        }
    }

    /// <summary>
    /// A copy of librdkafka settings with <see cref="AddConsumerDefaults"/> applied, for the other consumers (feedback,
    /// restore readers): they read backlogs faster than they process them, so librdkafka's 1 s fetch backoff stalls them too.
    /// </summary>
    /// <param name="settings">librdkafka consumer settings; not changed.</param>
    /// <returns>The copy.</returns>
    internal static Dictionary<string, string> WithConsumerDefaults(IEnumerable<KeyValuePair<string, string>> settings)
    {
        var copy = new Dictionary<string, string>(settings, StringComparer.Ordinal);
        AddConsumerDefaults(copy);
        return copy;
    }

    /// <summary>
    /// <see cref="WithConsumerDefaults"/> for a consumer beside the decision consumer (feedback, restore and recovery
    /// readers): its pre-fetch queue and fetch answers capped at <see cref="ReaderQueueKBytes"/> and
    /// <see cref="ReaderFetchMaxBytes"/>, lower settings kept. Each librdkafka client keeps its own queue, so with the
    /// decision consumer's settings five consumers would hold five times the native memory docs/memory.md budgets.
    /// </summary>
    /// <param name="settings">librdkafka consumer settings; not changed.</param>
    /// <returns>The copy.</returns>
    internal static Dictionary<string, string> ForReader(IEnumerable<KeyValuePair<string, string>> settings)
    {
        Dictionary<string, string> copy = WithConsumerDefaults(settings);
        Cap(copy, "queued.max.messages.kbytes", ReaderQueueKBytes);
        Cap(copy, "fetch.max.bytes", ReaderFetchMaxBytes);
        return copy;
    }

    private static void Cap(Dictionary<string, string> settings, string key, long max)
    {
        if (!settings.TryGetValue(key, out string? value) || !long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long set) || set > max)
        {
            settings[key] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// The decision producer's settings (librdkafka property names), for both transports: idempotent, acks=all, large
    /// lz4 batches, then the pass-through settings that are not consumer-only, then the transactional id when given.
    /// The load driver's pipeline-floor peer uses the same.
    /// </summary>
    /// <param name="bootstrapServers">The cluster.</param>
    /// <param name="maxInFlight">The worker's in-flight limit (the producer queue holds twice as many).</param>
    /// <param name="passThrough">The <c>ParcelStream:Kafka</c> settings.</param>
    /// <param name="transactionalId">The exactly-once producer's transactional.id; null for the at-least-once producer.</param>
    /// <returns>The settings.</returns>
    internal static Dictionary<string, string> DecisionProducer(string bootstrapServers, int maxInFlight, IReadOnlyDictionary<string, string> passThrough, string? transactionalId = null)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrapServers,
            ["enable.idempotence"] = "true",
            ["acks"] = "all",
            ["linger.ms"] = DecisionLingerMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["batch.size"] = "1000000",
            ["compression.type"] = "lz4",
            ["queue.buffering.max.messages"] = Math.Max(100_000, maxInFlight * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["client.id"] = "parcelstream-worker",
        };
        foreach ((string key, string value) in passThrough)
        {
            if (!ConsumerOnly.Contains(key))
            {
                settings[key] = value;
            }
        }

        if (!string.IsNullOrEmpty(transactionalId))
        {
            // Set last: the transactional id is WorkerOptions.TransactionalId, validated with the other options.
            settings["transactional.id"] = transactionalId;
        }

        return settings;
    }

    /// <summary>Gets whether a librdkafka property is one every client type accepts: connection and security settings.</summary>
    /// <param name="key">The property name.</param>
    /// <returns>True for bootstrap.servers, client.id, socket.timeout.ms, metadata.max.age.ms, client.dns.lookup, security.*, sasl.*, ssl.*.</returns>
    public static bool IsConnectionSetting(string key) =>
        key is "bootstrap.servers" or "client.id" or "socket.timeout.ms" or "metadata.max.age.ms" or "client.dns.lookup"
        || key.StartsWith("security.", StringComparison.Ordinal) || key.StartsWith("sasl.", StringComparison.Ordinal)
        || key.StartsWith("ssl.", StringComparison.Ordinal);

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

        CheckProperties(settings);
        return new KafkaSettings(settings);
    }

    /// <summary>
    /// Gives each property to librdkafka's own configuration parser (rd_kafka_conf_set), so that a misspelt or
    /// out-of-range one stops start-up naming its key, rather than fail later inside whichever client is built first.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">librdkafka rejected a property.</exception>
    private static unsafe void CheckProperties(Dictionary<string, string> settings)
    {
        if (settings.Count == 0)
        {
            return;
        }

        Kafka.Native.LibRdKafkaResolver.EnsureRegistered();
        const int ErrorBytes = 512;
        byte* error = stackalloc byte[ErrorBytes];
        nint conf = Kafka.Native.LibRdKafka.ConfNew();
        try
        {
            foreach ((string key, string value) in settings)
            {
                // Confluent.Kafka's own settings, which it takes out before librdkafka sees them.
                if (key.StartsWith("dotnet.", StringComparison.Ordinal))
                {
                    continue;
                }

                error[0] = 0;
                if (Kafka.Native.LibRdKafka.ConfSet(conf, key, value, error, ErrorBytes) != Kafka.Native.LibRdKafka.ConfOk)
                {
                    string reason = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)error) ?? "rejected";
                    throw new InvalidConfigurationException($"{SectionName}:{key}", $"is not accepted by librdkafka: {reason}");
                }
            }
        }
        finally
        {
            Kafka.Native.LibRdKafka.ConfDestroy(conf);
        }
    }
}
