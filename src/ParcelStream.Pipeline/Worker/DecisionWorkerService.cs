using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using ParcelStream.Codec;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.State;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// Runs a decision worker (<see cref="DecisionWorkerFactory"/>, which picks its transport from the options) inside the
/// generic host: started with the host, drained on SIGTERM.
/// </summary>
/// <typeparam name="TStage">What decides.</typeparam>
internal sealed partial class DecisionWorkerService<TStage>(
    WorkerOptions options,
    StageFactory<TStage> stageFactory,
    IServiceProvider services,
    SchemaRegistry registry,
    CodecLimits limits,
    KafkaSettings kafka,
    WorkerHandle handle,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
    where TStage : struct, IDecisionStage
{
    /// <summary>The worker's log category, as it was when the worker's only type argument was the stage (log filters name it).</summary>
    private const string LogCategory = "ParcelStream.Pipeline.Worker.DecisionWorker";

    /// <summary>How long to wait for the internal topics to exist and be co-partitioned before saying so and retrying.</summary>
    private static readonly TimeSpan s_topicsTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How often the internal topics are checked while missing, and how often rebalances are looked for.</summary>
    private static readonly TimeSpan s_topicsRetry = TimeSpan.FromSeconds(2);

    /// <summary>How often readiness shows the internal topics' problem while waiting for them: often enough for a probe.</summary>
    private static readonly TimeSpan s_problemRefresh = TimeSpan.FromMilliseconds(200);

    private readonly ILogger _logger = loggers.CreateLogger(LogCategory);
    private IDecisionWorker? _worker;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StatefulProcessing? stateful = services.GetService<StatefulProcessing>();
        using InternalTopics? topics = stateful is null ? null : new InternalTopics(options, stateful.Options, kafka.Settings, _logger);
        if (topics is not null)
        {
            // Subscribing before the internal topics exist would leave them out of the subscription until the next
            // metadata refresh: wait (not ready, saying why) until they exist and are co-partitioned.
            handle.Problem = "checking the internal topics";
            Task ensure = topics.EnsureAsync(s_topicsTimeout, s_topicsRetry, stoppingToken);
            while (!ensure.IsCompleted)
            {
                handle.Problem = topics.Problem ?? handle.Problem;
                await Task.WhenAny(ensure, Task.Delay(s_problemRefresh, stoppingToken)).ConfigureAwait(false);
            }

            try
            {
                await ensure.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            handle.Problem = null;
        }

        RegistrySchemas? schemas = services.GetService<RegistrySchemas>();
        if (schemas is not null && !await RegisterSchemasAsync(schemas, stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        // The transport is picked here, once, from the options.
        _worker = DecisionWorkerFactory.Create(options, stageFactory.Create(services), registry, limits, kafka.Settings, _logger, stateful, schemas);
        handle.Counters = _worker.Counters;
        handle.AssignedPartitions = () => _worker.AssignedPartitions;
        handle.State = () => _worker.State;
        _worker.Start();

        // The watch ends with this method, before the topics' admin client is disposed.
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            Task completion = _worker.Completion;
            if (topics is not null)
            {
                completion = Task.WhenAny(completion, WatchCoPartitioningAsync(topics, _worker.Counters, watchStop.Token)).Unwrap();
            }

            await completion.WaitAsync(stoppingToken).ConfigureAwait(false);

            // The worker stopped by itself (a fatal Kafka error): stop the host so the orchestrator restarts us.
            lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
            // Host shutdown: StopAsync drains.
        }
        catch (Exception ex)
        {
            if (ex is InvalidConfigurationException)
            {
                handle.Problem = ex.Message;
                LogStoppedOnProblem(_logger, ex.Message);
            }

            handle.FailureReason = ex.Message;
            handle.Failed = true;
            lifetime.StopApplication();
        }
        finally
        {
            await watchStop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After each rebalance (partitions added to a subscribed topic cause one), checks the internal topics' partition
    /// counts again; a mismatch stops the worker (drained and committed) with the reason, rather than let manifests be
    /// decided against state partitioned another way. Completes (faulted) only then.
    /// </summary>
    private static async Task WatchCoPartitioningAsync(InternalTopics topics, WorkerCounters counters, CancellationToken cancellationToken)
    {
        long seen = 0;
        while (true)
        {
            await Task.Delay(s_topicsRetry, cancellationToken).ConfigureAwait(false);
            long rebalances = counters.Rebalances;
            if (rebalances == seen)
            {
                continue;
            }

            seen = rebalances;
            if (await Task.Run(topics.Recheck, cancellationToken).ConfigureAwait(false) is { } problem)
            {
                throw new InvalidConfigurationException($"The stateful stages stopped: {problem}.");
            }
        }
    }

    /// <summary>
    /// Registers (or looks up) the decision schema under the decision topics' subjects, and the inspection-result schema
    /// under the results topic's when feedback is on; decisions then carry the id the registry gave. Not ready while the
    /// registry cannot be reached (retried); a refusal (incompatible schema...) stops the worker with the registry's reason.
    /// </summary>
    /// <returns>False when the worker must not start (stopping, or refused).</returns>
    private async Task<bool> RegisterSchemasAsync(RegistrySchemas schemas, CancellationToken stoppingToken)
    {
        string[] decisionTopics = [.. new OutputTopics(options, null).DecisionTopics];
        FeedbackOptions? feedback = services.GetService<FeedbackOptions>();
        TimeSpan wait = s_topicsRetry;
        while (true)
        {
            try
            {
                options.DecisionSchemaId = await schemas.RegisterAsync(SchemaFiles.Decision, decisionTopics, stoppingToken).ConfigureAwait(false);
                if (feedback is { Enabled: true })
                {
                    _ = await schemas.RegisterAsync(SchemaFiles.InspectionResult, [feedback.ResultsTopic], stoppingToken).ConfigureAwait(false);
                }

                handle.Problem = null;
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (SchemaRegistryRefusedException ex)
            {
                handle.Problem = ex.Message;
                handle.FailureReason = ex.Message;
                handle.Failed = true;
                LogStoppedOnProblem(_logger, ex.Message);
                lifetime.StopApplication();
                return false;
            }
            catch (Exception ex) when (RegistrySchemas.IsUnavailable(ex))
            {
                handle.Problem = $"waiting for the schema registry at {schemas.Settings.Url}: {ex.Message}";
                LogWaitingForRegistry(_logger, schemas.Settings.Url, ex.Message);
                try
                {
                    await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is not null)
        {
            await _worker.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _worker?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogStoppedOnProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 5506, Level = LogLevel.Warning, Message = "Not ready: waiting for the schema registry at {Url} to register the decision schema ({Reason})")]
    private static partial void LogWaitingForRegistry(ILogger logger, string url, string reason);
}
