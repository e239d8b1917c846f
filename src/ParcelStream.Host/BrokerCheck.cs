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
    /// <summary>How long one metadata request may wait: the most SIGTERM waits during the check.</summary>
    private const int ProbeSliceMs = 500;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(worker.ConnectTimeoutMs);

        // GetMetadata blocks: off the start-up thread, in short slices that watch the token, so that SIGTERM meanwhile stops
        // start-up within a slice. The probe is awaited, not abandoned: a client still alive when the process exits gets
        // librdkafka's callbacks into a runtime that is shutting down (exit 139).
        string? failure = await Task.Run(() => Probe(timeout, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw new InvalidConfigurationException(
                $"{WorkerOptions.SectionName}:{nameof(WorkerOptions.BootstrapServers)}",
                $"'{worker.BootstrapServers}': no broker answered within {timeout.TotalSeconds:0.#} s ({failure}); check the address, or wait longer with {WorkerOptions.SectionName}:{nameof(WorkerOptions.ConnectTimeoutMs)}.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>Null when a broker answered or start-up was cancelled, else what went wrong.</returns>
    private string? Probe(TimeSpan timeout, CancellationToken cancellationToken)
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
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            long remaining = deadline - Environment.TickCount64;
            try
            {
                _ = admin.GetMetadata(worker.InputTopic, TimeSpan.FromMilliseconds(Math.Clamp(remaining, 1, ProbeSliceMs)));
                return null;
            }
            catch (KafkaException ex) when (remaining <= ProbeSliceMs)
            {
                return lastError ?? ex.Error.Reason;
            }
            catch (KafkaException)
            {
                // Not yet: try again within the timeout.
            }
        }

        return null;
    }
}
