using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Pipeline.Models;

/// <summary>Runs the <see cref="ModelTopicReader"/> for the host's lifetime.</summary>
internal sealed class ModelTopicService(ModelOptions options, WorkerOptions worker, KafkaSettings kafka, RuleEngine engine, ILogger<ModelTopicService> logger) : IHostedService, IDisposable
{
    private ModelTopicReader? _reader;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var config = new Dictionary<string, string>(kafka.Settings, StringComparer.Ordinal) { ["bootstrap.servers"] = worker.BootstrapServers };
        _reader = new ModelTopicReader(options.Topic, config, engine, logger);
        _reader.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _reader?.Dispose();
        _reader = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _reader?.Dispose();
}
