using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations;

/// <summary>Runs the <see cref="OperationsServer"/> inside the generic host.</summary>
internal sealed class OperationsService(MetricsOptions options, ParcelStreamMetrics metrics, OperationsHealth health, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private OperationsServer? _server;

    /// <summary>Gets the port listened on once started (the chosen one when the options asked for 0), else 0.</summary>
    public int Port => _server?.Port ?? 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _server = await OperationsServer.StartAsync(options, metrics, health, loggers, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Kestrel's "Failed to bind to address ...: address already in use": a setting to change, not a crash to trace.
            throw new InvalidConfigurationException(
                $"{MetricsOptions.SectionName}:{nameof(MetricsOptions.Port)}",
                $"{options.Port} cannot be listened on ({ex.Message.TrimEnd('.')}): another process has it; pick another port (0 = any free one).",
                ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
