using System.CommandLine;
using System.Globalization;
using ParcelStream.Pipeline.Kafka.Ranges;

namespace ParcelStream.Host.Commands;

/// <summary>The options that replay a Kafka topic range instead of a file, and how they become a <see cref="TopicRangeRequest"/>.</summary>
internal static partial class ReplayCommand
{
    private const string BoundSyntax = "Give N for every partition, or P:N for partition P (repeat the option for several partitions); clamped to the offsets the partition retains.";

    private static KafkaOptions CreateKafkaOptions() => new(
        new Option<string?>("--topic") { Description = "Replay a Kafka topic range instead of FILE: the topic (e.g. parcels.manifests). Reads partition by partition in offset order, joins no consumer group and commits nothing." },
        new Option<string?>("--bootstrap-servers", "--bootstrap") { Description = "Kafka bootstrap servers (HOST:PORT[,HOST:PORT...]) for --topic." },
        new Option<int[]>("--partition") { Description = "Partitions to replay (repeat, or comma-separate); default all of the topic's partitions.", CustomParser = ParsePartitions },
        new Option<string[]>("--from-offset") { Description = $"First offset replayed. {BoundSyntax} Default: each partition's first retained offset." },
        new Option<string[]>("--to-offset") { Description = $"First offset NOT replayed: the range is [from, to). {BoundSyntax} Default: each partition's end when the replay starts." },
        new Option<string[]>("--from-time") { Description = "Start at the first record whose timestamp is at or after TIME (ISO-8601, e.g. 2026-11-01T00:00:00Z, or Unix milliseconds); P:TIME for one partition. Instead of --from-offset." },
        new Option<string[]>("--to-time") { Description = "End before the first record whose timestamp is at or after TIME (ISO-8601 or Unix milliseconds); P:TIME for one partition. Instead of --to-offset." },
        new Option<string[]>("--kafka-property") { Description = "Further librdkafka consumer property KEY=VALUE (e.g. security.protocol=SSL); repeatable." },
        new Option<int>("--kafka-timeout") { Description = "Seconds a metadata or offset query, or a partition that delivers nothing, may take before the replay fails.", DefaultValueFactory = _ => 30 });

    /// <summary>Builds the topic range request, or null when no --topic is given.</summary>
    /// <exception cref="ArgumentException">An option is malformed or given without --topic; the message names it.</exception>
    private static TopicRangeRequest? ParseKafka(ParseResult parse, KafkaOptions o)
    {
        string? topic = parse.GetValue(o.Topic);
        if (topic is null)
        {
            foreach (Option option in (Option[])[o.Bootstrap, o.Partitions, o.FromOffset, o.ToOffset, o.FromTime, o.ToTime, o.Properties])
            {
                if (parse.GetResult(option) is { Implicit: false })
                {
                    throw new ArgumentException($"{option.Name} reads a Kafka topic range: give --topic too.");
                }
            }

            return null;
        }

        string bootstrap = parse.GetValue(o.Bootstrap) ?? throw new ArgumentException("--topic needs --bootstrap HOST:PORT.");
        (RangeBound from, Dictionary<int, RangeBound> fromBy) = ParseBounds(parse.GetValue(o.FromOffset), parse.GetValue(o.FromTime), "--from-offset", "--from-time");
        (RangeBound to, Dictionary<int, RangeBound> toBy) = ParseBounds(parse.GetValue(o.ToOffset), parse.GetValue(o.ToTime), "--to-offset", "--to-time");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string p in parse.GetValue(o.Properties) ?? [])
        {
            int eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--kafka-property {p}: expected KEY=VALUE.");
            }

            properties[p[..eq]] = p[(eq + 1)..];
        }

        int timeout = parse.GetValue(o.Timeout);
        if (timeout is < 1 or > 3600)
        {
            throw new ArgumentException($"--kafka-timeout must be between 1 and 3600 seconds, not {timeout}.");
        }

        int[]? partitions = parse.GetValue(o.Partitions) is { Length: > 0 } chosen ? chosen : null;
        return new TopicRangeRequest
        {
            BootstrapServers = bootstrap,
            Topic = topic,
            Partitions = partitions,
            From = from,
            To = to,
            FromByPartition = fromBy,
            ToByPartition = toBy,
            Properties = properties,
            Timeout = TimeSpan.FromSeconds(timeout),
        };
    }

    /// <summary>Reads one end of the range from its offset and time options: a default bound and per-partition ones.</summary>
    private static (RangeBound All, Dictionary<int, RangeBound> ByPartition) ParseBounds(string[]? offsets, string[]? times, string offsetName, string timeName)
    {
        RangeBound all = RangeBound.Edge;
        var byPartition = new Dictionary<int, RangeBound>();
        foreach ((string[]? values, string name) in (ReadOnlySpan<(string[]?, string)>)[(offsets, offsetName), (times, timeName)])
        {
            foreach (string text in values ?? [])
            {
                (int? partition, string value) = SplitPartition(text);
                RangeBound bound = name == offsetName ? RangeBound.AtOffset(ParseOffset(value, name)) : RangeBound.AtTime(ParseTime(value, name));
                if (partition is { } p)
                {
                    if (!byPartition.TryAdd(p, bound))
                    {
                        throw new ArgumentException($"{offsetName}/{timeName}: partition {p} is given twice.");
                    }
                }
                else if (all.Kind != RangeBoundKind.Edge)
                {
                    throw new ArgumentException($"{offsetName}/{timeName}: give one value for every partition, or P:VALUE per partition.");
                }
                else
                {
                    all = bound;
                }
            }
        }

        return (all, byPartition);
    }

    /// <summary>Splits "P:VALUE" (P all digits) from "VALUE"; an ISO time's own colons come after a non-digit.</summary>
    private static (int? Partition, string Value) SplitPartition(string text)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int partition))
        {
            return (partition, text[(colon + 1)..]);
        }

        return (null, text);
    }

    private static long ParseOffset(string value, string name) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
            ? offset
            : throw new ArgumentException($"{name} {value}: not an offset (a whole number, 0 or more). {BoundSyntax}");

    private static DateTimeOffset ParseTime(string value, string name)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long millis))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            ? time
            : throw new ArgumentException($"{name} {value}: not a time (ISO-8601 such as 2026-11-01T00:00:00Z, or Unix milliseconds).");
    }

    private static int[] ParsePartitions(System.CommandLine.Parsing.ArgumentResult result)
    {
        var partitions = new List<int>();
        foreach (System.CommandLine.Parsing.Token token in result.Tokens)
        {
            foreach (string part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int p))
                {
                    result.AddError($"--partition {part}: not a partition number.");
                    return [];
                }

                partitions.Add(p);
            }
        }

        return [.. partitions];
    }

    /// <summary>The Kafka options of the replay command.</summary>
    private sealed record KafkaOptions(
        Option<string?> Topic,
        Option<string?> Bootstrap,
        Option<int[]> Partitions,
        Option<string[]> FromOffset,
        Option<string[]> ToOffset,
        Option<string[]> FromTime,
        Option<string[]> ToTime,
        Option<string[]> Properties,
        Option<int> Timeout);
}
