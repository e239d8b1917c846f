using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Host;

/// <summary>
/// Start-up step: asks the brokers of <c>ParcelStream:Worker:BootstrapServers</c> for metadata, within
/// <c>ParcelStream:Worker:ConnectTimeoutMs</c>. When none answers, start-up stops with one line naming the setting:
/// otherwise the worker's clients would retry for ever, logging every attempt (13,930 lines in 300 s), or the feedback
/// stage would wait silently for its restore timeout. Runs after the operations endpoint starts (so the probes answer
/// meanwhile) and before the feedback stage and the worker.
/// </summary>
internal sealed class BrokerCheck(WorkerOptions worker, KafkaSettings kafka) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(worker.ConnectTimeoutMs);

        // GetMetadata blocks up to the timeout: off the start-up thread, so that SIGTERM meanwhile stops start-up at once.
        string? failure = await Task.Run(() => Probe(timeout), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            throw new InvalidConfigurationException(
                $"{WorkerOptions.SectionName}:{nameof(WorkerOptions.BootstrapServers)}",
                $"'{worker.BootstrapServers}': no broker answered within {timeout.TotalSeconds:0.#} s ({failure}); check the address, or wait longer with {WorkerOptions.SectionName}:{nameof(WorkerOptions.ConnectTimeoutMs)}.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>Null when a broker answered, else what went wrong.</returns>
    private string? Probe(TimeSpan timeout)
    {
        var config = new AdminClientConfig(kafka.Settings.Where(kv => KafkaSettings.IsConnectionSetting(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            BootstrapServers = worker.BootstrapServers,
            ClientId = "parcelstream-startup",
        };
        string? lastError = null;

        // librdkafka logs each failed connection attempt (every 50-100 ms while nobody listens): only the last error is kept, for the one line.
        using IAdminClient admin = new AdminClientBuilder(config)
            .SetLogHandler(static (_, _) => { })
            .SetErrorHandler((_, e) => lastError = e.Reason)
            .Build();
        try
        {
            _ = admin.GetMetadata(worker.InputTopic, timeout);
            return null;
        }
        catch (KafkaException ex)
        {
            return lastError ?? ex.Error.Reason;
        }
    }
}
