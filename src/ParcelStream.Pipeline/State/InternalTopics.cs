using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.State;

/// <summary>
/// The stateful stages' internal topics (repartition, changelog): created where the cluster allows it, with the input
/// topic's partition count as Kafka Streams does, and checked for co-partitioning (repartition = input, changelog =
/// repartition), before the worker subscribes and again after each rebalance. While a topic is missing or the counts
/// differ, <see cref="Problem"/> says so and readiness fails with it: a consumer that subscribed to a topic that did not
/// exist yet would not see it until its next metadata refresh (5 min by default), and meanwhile forward manifests and
/// decide none, while reporting ready. Topics are read with metadata requests, which every cluster serves (the
/// librdkafka mock included); CreateTopics is tried once, with a timeout, since some clusters (the mock, locked-down
/// production clusters) never answer it or refuse it.
/// </summary>
internal sealed partial class InternalTopics : IDisposable
{
    /// <summary>How a co-partitioning problem starts, as opposed to a topic missing or the metadata unreadable.</summary>
    private const string Mismatch = "partitions differ";

    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(10);
    private readonly string _input;
    private readonly string _repartition;
    private readonly string _changelog;
    private readonly ILogger _logger;
    private readonly IAdminClient _admin;
    private volatile string? _problem;
    private bool _createPending;

    /// <summary>Initializes the checker; nothing is sent until <see cref="EnsureAsync"/>.</summary>
    /// <param name="worker">The worker's options (brokers, input topic).</param>
    /// <param name="state">The stateful stages' options (internal topic names).</param>
    /// <param name="kafka">Pass-through librdkafka settings (security).</param>
    /// <param name="logger">Where to log.</param>
    public InternalTopics(WorkerOptions worker, StateOptions state, IReadOnlyDictionary<string, string> kafka, ILogger logger)
    {
        _input = worker.InputTopic;
        _repartition = state.RepartitionTopic;
        _changelog = state.ChangelogTopic;
        _logger = logger;
        var config = new AdminClientConfig(kafka.Where(kv => KafkaSettings.IsConnectionSetting(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = worker.BootstrapServers,
            ClientId = "parcelstream-topics",
        };

        // An admin client is a producer handle to librdkafka, whose metadata requests ask the broker to create a missing
        // topic with the broker's default partition count (the mock's 4, often 1 on Kafka): the check would create the
        // very topics it checks, partitioned by chance. Missing topics are created by CreateAsync, with the input's count.
        config.Set("allow.auto.create.topics", "false");

        // Connection errors come back as the exceptions the calls throw; librdkafka's log of every retry would flood stderr.
        _admin = new AdminClientBuilder(config).SetLogHandler(static (_, _) => { }).Build();
    }

    /// <summary>Gets what is wrong with the internal topics (for readiness), or null when they are fine or not checked yet.</summary>
    public string? Problem => _problem;

    /// <summary>
    /// Returns once the internal topics exist and are co-partitioned with the input topic: creates the missing ones
    /// once (with <paramref name="createTimeout"/>), then checks every <paramref name="retry"/> (an operator may create
    /// them, or add partitions), with <see cref="Problem"/> set meanwhile.
    /// </summary>
    /// <param name="createTimeout">Most time the CreateTopics request may take.</param>
    /// <param name="retry">Time between checks.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the topics are fine.</returns>
    public async Task EnsureAsync(TimeSpan createTimeout, TimeSpan retry, CancellationToken cancellationToken)
    {
        _createPending = true;
        while (true)
        {
            (string? problem, int inputPartitions, List<string> missing) = await Task.Run(Inspect, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                _problem = null;
                LogTopicsReady(_repartition, _changelog, inputPartitions);
                return;
            }

            if (missing.Count > 0 && inputPartitions > 0 && _createPending)
            {
                _createPending = false;
                _problem = problem;
                LogNotReady(problem);
                string? error = await CreateAsync(missing, inputPartitions, createTimeout, cancellationToken).ConfigureAwait(false);
                if (error is null)
                {
                    LogCreated(string.Join(", ", missing), inputPartitions);
                    continue;
                }

                problem = $"{problem}; the cluster did not create them ({error}): create them with {inputPartitions} partitions each, the changelog compacted (parcelstream cluster creates them for ApplicationId 'parcelstream')";
            }
            else if (missing.Count > 0 && inputPartitions > 0)
            {
                // Keep the reason the creation failed: the operator needs it as long as the topics are missing.
                problem = _problem ?? problem;
            }

            if (problem != _problem)
            {
                _problem = problem;
                LogNotReady(problem);
            }

            await Task.Delay(retry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the partition counts again (after a rebalance: partitions may have been added).</summary>
    /// <returns>
    /// The mismatch when all three topics exist and their counts differ, else null. Whatever is wrong, a topic missing
    /// for a moment included, is kept in <see cref="Problem"/>.
    /// </returns>
    public string? Recheck()
    {
        (string? problem, _, List<string> missing) = Inspect();
        _problem = problem;
        return problem is not null && missing.Count == 0 && problem.StartsWith(Mismatch, StringComparison.Ordinal) ? problem : null;
    }

    public void Dispose() => _admin.Dispose();

    /// <summary>Reads the three topics' partition counts from one metadata response each.</summary>
    private (string? Problem, int InputPartitions, List<string> Missing) Inspect()
    {
        int input;
        int repartition;
        int changelog;
        try
        {
            input = Partitions(_input);
            repartition = Partitions(_repartition);
            changelog = Partitions(_changelog);
        }
        catch (KafkaException ex)
        {
            return ($"cannot read the metadata of the internal topics: {ex.Error.Reason}", 0, []);
        }

        if (input == 0)
        {
            return ($"input topic '{_input}' does not exist: the internal topics take its partition count", 0, []);
        }

        List<string> missing = [.. new[] { (_repartition, repartition), (_changelog, changelog) }.Where(t => t.Item2 == 0).Select(t => t.Item1)];
        if (missing.Count > 0)
        {
            return ($"internal topic(s) {string.Join(", ", missing.Select(t => $"'{t}'"))} missing", input, missing);
        }

        if (repartition != input)
        {
            return ($"{Mismatch}: repartition topic '{_repartition}' has {repartition}, input topic '{_input}' has {input}; the stateful stages need them co-partitioned (same count), and the changelog '{_changelog}' the same again", input, []);
        }

        if (changelog != repartition)
        {
            return ($"{Mismatch}: changelog topic '{_changelog}' has {changelog}, repartition topic '{_repartition}' has {repartition}; each store partition is restored from the changelog partition of the same number", input, []);
        }

        return (null, input, []);
    }

    /// <summary>A topic's partition count; 0 when it does not exist.</summary>
    private int Partitions(string topic)
    {
        Metadata metadata = _admin.GetMetadata(topic, s_metadataTimeout);
        TopicMetadata? t = metadata.Topics.FirstOrDefault(m => m.Topic == topic);
        return t is null || t.Error.IsError ? 0 : t.Partitions.Count;
    }

    /// <returns>Null when created (or created meanwhile by another worker), else the error.</returns>
    private async Task<string?> CreateAsync(List<string> topics, int partitions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        List<TopicSpecification> specifications = [.. topics.Select(t => new TopicSpecification
        {
            Name = t,
            NumPartitions = partitions,

            // -1: the broker's default.replication.factor.
            ReplicationFactor = -1,
            Configs = t == _changelog ? new Dictionary<string, string> { ["cleanup.policy"] = "compact" } : null,
        })];
        try
        {
            // The request timeout ends the request inside librdkafka; WaitAsync guards against a cluster that never answers at all.
            await _admin.CreateTopicsAsync(specifications, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout })
                .WaitAsync(timeout + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            return null;
        }
        catch (CreateTopicsException ex)
        {
            return string.Join("; ", ex.Results.Where(r => r.Error.IsError).Select(r => $"{r.Topic}: {r.Error.Reason}"));
        }
        catch (Exception ex) when (ex is KafkaException or TimeoutException)
        {
            return ex is TimeoutException ? $"no answer to CreateTopics within {timeout.TotalSeconds:0} s" : ex.Message;
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Not ready, the stateful stages wait: {Problem}")]
    private partial void LogNotReady(string problem);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Created internal topics {Topics} with {Partitions} partitions")]
    private partial void LogCreated(string topics, int partitions);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Information, Message = "Internal topics {Repartition} and {Changelog} present, {Partitions} partitions like the input")]
    private partial void LogTopicsReady(string repartition, string changelog, int partitions);
}
