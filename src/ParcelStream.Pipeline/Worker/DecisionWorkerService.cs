using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using ParcelStream.Codec;
using ParcelStream.Pipeline.State;

namespace ParcelStream.Pipeline.Worker;

/// <summary>Runs a <see cref="DecisionWorker{TStage}"/> inside the generic host: started with the host, drained on SIGTERM.</summary>
/// <typeparam name="TStage">What decides.</typeparam>
internal sealed class DecisionWorkerService<TStage>(
    WorkerOptions options,
    StageFactory<TStage> stageFactory,
    IServiceProvider services,
    SchemaRegistry registry,
    CodecLimits limits,
    KafkaSettings kafka,
    WorkerHandle handle,
    IHostApplicationLifetime lifetime,
    ILogger<DecisionWorker<TStage>> logger) : BackgroundService
    where TStage : struct, IDecisionStage
{
    private DecisionWorker<TStage>? _worker;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        StatefulProcessing? stateful = services.GetService<StatefulProcessing>();
        _worker = new DecisionWorker<TStage>(options, stageFactory.Create(services), registry, limits, kafka.Settings, logger, stateful);
        handle.Counters = _worker.Counters;
        handle.AssignedPartitions = () => _worker.AssignedPartitions;
        handle.State = () => _worker.State;
        _worker.Start();
        try
        {
            await _worker.Completion.WaitAsync(stoppingToken).ConfigureAwait(false);

            // The worker stopped by itself (a fatal Kafka error): stop the host so the orchestrator restarts us.
            lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
            // Host shutdown: StopAsync drains.
        }
        catch (Exception ex)
        {
            handle.FailureReason = ex.Message;
            handle.Failed = true;
            lifetime.StopApplication();
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
}
