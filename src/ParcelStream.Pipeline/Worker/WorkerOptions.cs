using ParcelStream.Codec;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// Settings of the decision worker, bound from the configuration section <c>ParcelStream:Worker</c> (environment:
/// <c>PARCELSTREAM__WORKER__...</c>). Kafka client settings pass through from <c>ParcelStream:Kafka</c>.
/// </summary>
public sealed class WorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Worker";

    /// <summary>Gets or sets the Kafka bootstrap servers (host:port,...). Required.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>Gets or sets the consumer group id; workers with the same id share the input partitions.</summary>
    public string GroupId { get; set; } = "parcelstream";

    /// <summary>Gets or sets the topic manifests are consumed from.</summary>
    public string InputTopic { get; set; } = "parcels.manifests";

    /// <summary>Gets or sets the topic RELEASE decisions go to.</summary>
    public string ReleaseTopic { get; set; } = "parcels.decisions.release";

    /// <summary>Gets or sets the topic HOLD decisions go to.</summary>
    public string HoldTopic { get; set; } = "parcels.decisions.hold";

    /// <summary>Gets or sets the topic INSPECT decisions go to.</summary>
    public string InspectTopic { get; set; } = "parcels.decisions.inspect";

    /// <summary>Gets or sets one topic for every decision; when set it overrides the per-outcome topics.</summary>
    public string? DecisionTopic { get; set; }

    /// <summary>
    /// Gets or sets the internal topic each HOLD and INSPECT decision is also written to, keyed by manifestId, for
    /// inspection feedback (see ParcelStream:Feedback); unset = none.
    /// </summary>
    public string? DecidedTopic { get; set; }

    /// <summary>Gets or sets the dead-letter topic for undecodable or invalid manifests.</summary>
    public string DeadLetterTopic { get; set; } = "parcels.manifests.dlq";

    /// <summary>Gets or sets the input framing: Auto (detected per message), Confluent, SingleObject or Raw.</summary>
    public string InputFraming { get; set; } = "Auto";

    /// <summary>Gets or sets the Confluent schema id written in front of decisions when the input used Confluent framing.</summary>
    public int DecisionSchemaId { get; set; } = SchemaRegistry.DefaultDecisionSchemaId;

    /// <summary>Gets or sets a schema directory (registry.json + .avsc) to load writer schemas from; the embedded schemas when empty.</summary>
    public string? SchemasDirectory { get; set; }

    /// <summary>Gets or sets the number of processing lanes (threads); 0 means one per core.</summary>
    public int ProcessingThreads { get; set; }

    /// <summary>Gets or sets the most manifests consumed but not yet acknowledged by the broker (backpressure).</summary>
    public int MaxInFlight { get; set; } = 20_000;

    /// <summary>
    /// Gets or sets the most bytes of consumed messages held until the broker acknowledges their records
    /// (backpressure with <see cref="MaxInFlight"/>): what bounds memory when messages are large. A message larger than
    /// this is still taken, alone.
    /// </summary>
    public long MaxInFlightBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Gets or sets a value indicating whether, when partitions are assigned, the worker reads back the decisions their
    /// previous owner made but did not commit, so that records decided again after a kill keep the inspection cut-off
    /// they were decided with (identical duplicates, although this worker's capacity estimate starts cold).
    /// </summary>
    public bool RecoverCutoffs { get; set; } = true;

    /// <summary>Gets or sets the longest the cut-off recovery of one assignment may take, in milliseconds; records beyond it are decided with this worker's estimate.</summary>
    public int CutoffRecoveryTimeoutMs { get; set; } = 30_000;

    /// <summary>Gets or sets the most decision records the cut-off recovery of one assignment reads.</summary>
    public int CutoffRecoveryMaxRecords { get; set; } = 2_000_000;

    /// <summary>Gets or sets how often acknowledged offsets are committed, in milliseconds.</summary>
    public int CommitIntervalMs { get; set; } = 1_000;

    /// <summary>Gets or sets how long shutdown and rebalances wait for in-flight work, in milliseconds.</summary>
    public int DrainTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// Gets or sets how often the consumer emits librdkafka statistics, in milliseconds (consumer lag per partition for
    /// the metrics comes from them); 0 turns them off.
    /// </summary>
    public int StatisticsIntervalMs { get; set; } = 5_000;

    /// <summary>Gets or sets a value indicating whether to run read-process-write transactions (exactly once) instead of at least once.</summary>
    public bool ExactlyOnce { get; set; }

    /// <summary>Gets or sets the transactional id of this worker (exactly once only); must be unique and stable per instance.</summary>
    public string? TransactionalId { get; set; }

    /// <summary>Gets or sets a value indicating whether to include the source topic, partition and offset in each decision.</summary>
    public bool IncludeSource { get; set; } = true;

    /// <summary>
    /// Gets or sets how long the consumer group waits for a silent member (killed, hung, cut off) before giving its
    /// partitions to the others, in milliseconds (librdkafka's session.timeout.ms). librdkafka's default, 45 s, leaves a
    /// killed worker's partitions undecided that long; 10 s with the default 3 s heartbeat still rides out a long GC
    /// pause or a broker failover. ParcelStream:Kafka:session.timeout.ms overrides it.
    /// </summary>
    public int SessionTimeoutMs { get; set; } = DefaultSessionTimeoutMs;

    /// <summary>
    /// Gets or sets the static group member id (librdkafka's group.instance.id, KIP-345), e.g. the pod name; unset = a
    /// dynamic member. A member restarted with the same id (a container restarted in its pod after a crash or an
    /// OOM kill) gets its partitions back at once, without a rebalance; but a static member does not leave the group when
    /// it stops, so a pod that goes away for good (scale-in, a rolling update's old pod) holds its partitions until the
    /// session timeout. Must be unique in the group.
    /// </summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>
    /// Gets or sets how long start-up waits for a broker of <see cref="BootstrapServers"/> to answer, in milliseconds;
    /// when none does, the process stops with exit code 2 naming the setting.
    /// </summary>
    public int ConnectTimeoutMs { get; set; } = 30_000;

    /// <summary>The default <see cref="SessionTimeoutMs"/>.</summary>
    public const int DefaultSessionTimeoutMs = 10_000;

    /// <summary>Gets the parsed input framing (null = detect).</summary>
    /// <returns>The framing, or null for Auto.</returns>
    public MessageFraming? ParsedInputFraming() => InputFraming.ToUpperInvariant() switch
    {
        "AUTO" => null,
        "CONFLUENT" => MessageFraming.Confluent,
        "SINGLEOBJECT" or "SINGLE-OBJECT" => MessageFraming.SingleObject,
        "RAW" => MessageFraming.Raw,
        _ => throw new InvalidConfigurationException($"{SectionName}:{nameof(InputFraming)}", $"'{InputFraming}' is not one of Auto, Confluent, SingleObject, Raw."),
    };

    /// <summary>Gets the number of lanes to run.</summary>
    public int EffectiveThreads => ProcessingThreads > 0 ? ProcessingThreads : Environment.ProcessorCount;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its configuration key.</exception>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(BootstrapServers), nameof(BootstrapServers), "is required (host:port,...).");
        Require(!string.IsNullOrWhiteSpace(GroupId), nameof(GroupId), "is required.");
        Require(!string.IsNullOrWhiteSpace(InputTopic), nameof(InputTopic), "is required.");
        Require(!string.IsNullOrWhiteSpace(DeadLetterTopic), nameof(DeadLetterTopic), "is required.");
        if (string.IsNullOrWhiteSpace(DecisionTopic))
        {
            Require(!string.IsNullOrWhiteSpace(ReleaseTopic), nameof(ReleaseTopic), "is required unless DecisionTopic is set.");
            Require(!string.IsNullOrWhiteSpace(HoldTopic), nameof(HoldTopic), "is required unless DecisionTopic is set.");
            Require(!string.IsNullOrWhiteSpace(InspectTopic), nameof(InspectTopic), "is required unless DecisionTopic is set.");
        }

        Require(DeadLetterTopic != InputTopic, nameof(DeadLetterTopic), "must differ from InputTopic.");
        Require(DecidedTopic != InputTopic, nameof(DecidedTopic), "must differ from InputTopic.");
        _ = ParsedInputFraming();
        Require(DecisionSchemaId >= 0, nameof(DecisionSchemaId), "must not be negative.");
        Require(SchemasDirectory is null || SchemasDirectory.Length == 0 || Directory.Exists(SchemasDirectory), nameof(SchemasDirectory), $"'{SchemasDirectory}' does not exist.");
        Require(ProcessingThreads is >= 0 and <= 256, nameof(ProcessingThreads), "must be 0 (one per core) to 256.");
        Require(MaxInFlight is >= 1 and <= 10_000_000, nameof(MaxInFlight), "must be 1 to 10,000,000.");
        Require(MaxInFlightBytes is >= 1024 * 1024 and <= 64L * 1024 * 1024 * 1024, nameof(MaxInFlightBytes), "must be 1,048,576 (1 MiB) to 68,719,476,736 (64 GiB).");
        Require(CommitIntervalMs is >= 10 and <= 600_000, nameof(CommitIntervalMs), "must be 10 to 600,000 ms.");
        Require(DrainTimeoutMs is >= 100 and <= 3_600_000, nameof(DrainTimeoutMs), "must be 100 to 3,600,000 ms.");
        Require(StatisticsIntervalMs is 0 or (>= 100 and <= 86_400_000), nameof(StatisticsIntervalMs), "must be 0 (off) or 100 to 86,400,000 ms.");
        Require(!ExactlyOnce || !string.IsNullOrWhiteSpace(TransactionalId), nameof(TransactionalId), "is required when ExactlyOnce is true.");
        Require(SessionTimeoutMs is >= 1_000 and <= 3_600_000, nameof(SessionTimeoutMs), "must be 1,000 to 3,600,000 ms.");
        Require(string.IsNullOrEmpty(GroupInstanceId) || (GroupInstanceId.Length is > 0 and <= 249 && GroupInstanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')), nameof(GroupInstanceId), "must be 1 to 249 letters, digits, '.', '_' or '-' (e.g. the pod name).");
        Require(ConnectTimeoutMs is >= 1_000 and <= 600_000, nameof(ConnectTimeoutMs), "must be 1,000 to 600,000 ms.");
        Require(CutoffRecoveryTimeoutMs is >= 100 and <= 600_000, nameof(CutoffRecoveryTimeoutMs), "must be 100 to 600,000 ms.");
        Require(CutoffRecoveryMaxRecords is >= 1 and <= 100_000_000, nameof(CutoffRecoveryMaxRecords), "must be 1 to 100,000,000.");
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new InvalidConfigurationException($"{SectionName}:{key}", message);
        }
    }
}
