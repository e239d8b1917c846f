using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// Settings of inspection feedback, bound from <c>ParcelStream:Feedback</c> (the prior of the risk estimates is bound
/// from the same section into <see cref="Rules.Feedback.RiskHistoryOptions"/>). Brokers and client settings are the
/// worker's.
/// </summary>
public sealed class FeedbackOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Feedback";

    /// <summary>Gets or sets a value indicating whether the worker processes inspection feedback and feeds it to the rules.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the topic inspection results are published to (parcelstream.v1.InspectionResult, any key).</summary>
    public string ResultsTopic { get; set; } = "parcels.inspection-results";

    /// <summary>Gets or sets where undecodable inspection results go, with the reason in headers.</summary>
    public string ResultsDeadLetterTopic { get; set; } = "parcels.inspection-results.dlq";

    /// <summary>Gets or sets the internal topic of decided manifests (keyed by manifestId; compacted).</summary>
    public string DecidedTopic { get; set; } = "parcels.feedback.decided";

    /// <summary>Gets or sets the internal repartition topic of inspection results keyed by manifestId (same partition count as <see cref="DecidedTopic"/>).</summary>
    public string RepartitionTopic { get; set; } = "parcels.feedback.results-by-manifest";

    /// <summary>Gets or sets the compacted statistics topic every worker reads in full (per rule, seller, consignor and the random baseline).</summary>
    public string StatsTopic { get; set; } = "parcels.feedback.stats";

    /// <summary>Gets or sets the consumer group of the feedback join; empty = the worker's group id + ".feedback".</summary>
    public string GroupId { get; set; } = string.Empty;

    /// <summary>Gets or sets how often processed feedback offsets are committed (after the statistics written are acknowledged), ms.</summary>
    public int CommitIntervalMs { get; set; } = 1_000;

    /// <summary>Gets or sets how long a decided manifest waits for its inspection result (and a result for its decision), days.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Gets or sets how long start-up and a partition assignment may take to read the statistics and the join's state back, ms.</summary>
    public int RestoreTimeoutMs { get; set; } = 120_000;

    /// <summary>Gets the consumer group of the join.</summary>
    /// <param name="worker">The worker's options.</param>
    /// <returns>The group id.</returns>
    public string EffectiveGroupId(WorkerOptions worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return string.IsNullOrWhiteSpace(GroupId) ? worker.GroupId + ".feedback" : GroupId;
    }

    /// <summary>Gets the feedback topics: results, their dead letters, decided manifests, re-keyed results, statistics.</summary>
    public IReadOnlyList<string> Topics => [ResultsTopic, ResultsDeadLetterTopic, DecidedTopic, RepartitionTopic, StatsTopic];

    /// <summary>Checks every setting.</summary>
    /// <param name="worker">The worker's options (topics must not collide).</param>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its key.</exception>
    public void Validate(WorkerOptions worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        string[] topics = [.. Topics];
        string[] names = [nameof(ResultsTopic), nameof(ResultsDeadLetterTopic), nameof(DecidedTopic), nameof(RepartitionTopic), nameof(StatsTopic)];
        for (int i = 0; i < topics.Length; i++)
        {
            Require(!string.IsNullOrWhiteSpace(topics[i]), names[i], "is required.");
            Require(topics[i] != worker.InputTopic, names[i], "must differ from ParcelStream:Worker:InputTopic.");
            Require(Array.IndexOf(topics, topics[i]) == i, names[i], $"must differ from the other feedback topics ('{topics[i]}' is used twice).");
        }

        Require(CommitIntervalMs is >= 10 and <= 600_000, nameof(CommitIntervalMs), "must be 10 to 600,000 ms.");
        Require(RetentionDays is >= 1 and <= 3_650, nameof(RetentionDays), "must be 1 to 3,650 days.");
        Require(RestoreTimeoutMs is >= 1_000 and <= 3_600_000, nameof(RestoreTimeoutMs), "must be 1,000 to 3,600,000 ms.");
    }

    private static void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            throw new InvalidConfigurationException($"{SectionName}:{key}", message);
        }
    }
}
