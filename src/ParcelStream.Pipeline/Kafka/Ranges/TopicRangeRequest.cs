namespace ParcelStream.Pipeline.Kafka.Ranges;

/// <summary>Which records of a topic to read: partitions, and where each partition's range starts and ends.</summary>
public sealed class TopicRangeRequest
{
    /// <summary>Gets the Kafka bootstrap servers (host:port, comma separated).</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Gets the topic.</summary>
    public required string Topic { get; init; }

    /// <summary>Gets the partitions to read, or null for all of the topic's partitions.</summary>
    public IReadOnlyList<int>? Partitions { get; init; }

    /// <summary>Gets where every partition's range starts, unless <see cref="FromByPartition"/> says otherwise.</summary>
    public RangeBound From { get; init; } = RangeBound.Edge;

    /// <summary>Gets where every partition's range ends (exclusive), unless <see cref="ToByPartition"/> says otherwise.</summary>
    public RangeBound To { get; init; } = RangeBound.Edge;

    /// <summary>Gets per-partition starts.</summary>
    public IReadOnlyDictionary<int, RangeBound> FromByPartition { get; init; } = new Dictionary<int, RangeBound>();

    /// <summary>Gets per-partition ends (exclusive).</summary>
    public IReadOnlyDictionary<int, RangeBound> ToByPartition { get; init; } = new Dictionary<int, RangeBound>();

    /// <summary>Gets further librdkafka consumer properties (security settings, fetch sizes); group and commit settings are the reader's.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets how long a metadata or offset query, or a partition that delivers nothing, may take before the read fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the client.id the reader announces to the brokers (shows in their logs and quotas).</summary>
    public string ClientId { get; init; } = "parcelstream-replay";

    /// <summary>
    /// Gets a value indicating whether a topic or partition the cluster does not know reads as empty instead of failing:
    /// a changelog or results topic nothing was written to yet is an empty store, not an error.
    /// </summary>
    public bool MissingIsEmpty { get; init; }

    /// <summary>
    /// Gets a value indicating whether a start offset that retention removed while reading moves on to the log start
    /// (a store restore takes what is there) instead of failing (a replay must say it cannot read what was asked).
    /// </summary>
    public bool SkipUnretained { get; init; }

    /// <summary>Checks the request.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(BootstrapServers))
        {
            throw new ArgumentException("BootstrapServers must name at least one broker (host:port).", nameof(BootstrapServers));
        }

        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new ArgumentException("Topic must name the topic to read.", nameof(Topic));
        }

        if (Partitions is { } partitions)
        {
            if (partitions.Count == 0 || partitions.Any(p => p < 0) || partitions.Distinct().Count() != partitions.Count)
            {
                throw new ArgumentException("Partitions must list distinct partitions, 0 or more, or be null for all.", nameof(Partitions));
            }

            foreach (int p in FromByPartition.Keys.Concat(ToByPartition.Keys))
            {
                if (!partitions.Contains(p))
                {
                    throw new ArgumentException($"A bound is given for partition {p}, which is not among the partitions to read.", nameof(Partitions));
                }
            }
        }

        foreach (RangeBound bound in FromByPartition.Values.Concat(ToByPartition.Values).Append(From).Append(To))
        {
            if (bound.Kind != RangeBoundKind.Edge && bound.Value < 0)
            {
                throw new ArgumentException($"Range bounds must be 0 or more, not {bound.Value}.", nameof(From));
            }
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Timeout must be positive, not {Timeout}.", nameof(Timeout));
        }
    }

    /// <summary>Gets the start of a partition's range.</summary>
    internal RangeBound FromOf(int partition) => FromByPartition.TryGetValue(partition, out RangeBound b) ? b : From;

    /// <summary>Gets the end of a partition's range.</summary>
    internal RangeBound ToOf(int partition) => ToByPartition.TryGetValue(partition, out RangeBound b) ? b : To;
}
