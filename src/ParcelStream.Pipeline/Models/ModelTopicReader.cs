using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Pipeline.Models;

/// <summary>
/// Reads the model topic from its beginning and keeps reading, like the statistics table: every valid model record
/// becomes the engine's model (<see cref="RuleEngine.SetModel"/>, one atomic swap); an invalid one is logged and skipped,
/// and the model in use stays. Every worker reads every partition (any worker scores any parcel).
/// </summary>
internal sealed partial class ModelTopicReader : IDisposable
{
    private readonly string _topic;
    private readonly Dictionary<string, string> _config;
    private readonly RuleEngine _engine;
    private readonly ILogger _logger;
    private TopicFollower? _follower;
    private long _applied;
    private long _rejected;

    /// <summary>Initializes a reader.</summary>
    /// <param name="topic">The model topic.</param>
    /// <param name="clientConfig">librdkafka settings, bootstrap servers included.</param>
    /// <param name="engine">The engine whose model it sets.</param>
    /// <param name="logger">Where applied and rejected models are logged.</param>
    public ModelTopicReader(string topic, IReadOnlyDictionary<string, string> clientConfig, RuleEngine engine, ILogger logger)
    {
        _topic = topic;
        _config = new Dictionary<string, string>(clientConfig, StringComparer.Ordinal);
        _engine = engine;
        _logger = logger;
    }

    /// <summary>Gets how many model records were applied.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Gets how many model records were rejected (not a valid model).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Starts the reading thread.</summary>
    public void Start()
    {
        _follower = new TopicFollower(
            _topic,
            _config,
            ReaderConfig(),
            r => Apply(r.Message.Value, $"{_topic}[{r.Partition.Value}]@{r.Offset.Value}"),
            reason => LogRetrying(_logger, _topic, reason),
            ex => LogFailed(_logger, _topic, ex),
            "parcelstream-models");
        _follower.Start();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _follower?.Dispose();
    }

    /// <summary>Reads one record's value as a model and applies it.</summary>
    /// <param name="value">The record value (a model file's JSON).</param>
    /// <param name="source">topic[partition]@offset, for messages.</param>
    /// <returns>True when applied.</returns>
    internal bool Apply(byte[]? value, string source)
    {
        if (value is null || value.Length == 0)
        {
            // A tombstone withdraws nothing: the model in use stays until a new one comes (removing a model is a pack change).
            return false;
        }

        try
        {
            RiskModel model = RiskModelFile.Parse(value, source);
            _engine.SetModel(model);
            Interlocked.Increment(ref _applied);
            LogApplied(_logger, model.Version, source, model.Trees.TreeCount);
            return true;
        }
        catch (RulePackException e)
        {
            Interlocked.Increment(ref _rejected);
            LogRejected(_logger, source, string.Join("; ", e.Errors), _engine.Current.Model?.Version ?? "none");
            return false;
        }
    }

    private ConsumerConfig ReaderConfig()
    {
        var config = new ConsumerConfig(KafkaSettings.ForReader(_config))
        {
            GroupId = "parcelstream-models-reader",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            ClientId = "parcelstream-models",
        };

        // A model file is a few hundred kilobytes: room for one in a fetch (the readers' default caps are 4 MiB).
        config.Set("fetch.max.bytes", "16777216");
        config.Set("max.partition.fetch.bytes", "16777216");
        return config;
    }

    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Risk model {Version} ({Trees} trees) read from {Source}")]
    private static partial void LogApplied(ILogger logger, string version, string source, int trees);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Error, Message = "Model record {Source} rejected: {Errors}; still using model {Current}")]
    private static partial void LogRejected(ILogger logger, string source, string errors, string current);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Warning, Message = "Reading the model topic {Topic}: {Reason} (retrying)")]
    private static partial void LogRetrying(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Error, Message = "Reading the model topic {Topic} failed; decisions keep the model in use")]
    private static partial void LogFailed(ILogger logger, string topic, Exception exception);
}
