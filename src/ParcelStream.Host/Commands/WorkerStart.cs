using System.Diagnostics;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Host.Commands;

/// <summary>Waits for the worker of an embedded run (dev, simulate) to start, for the commands that drive it.</summary>
internal static class WorkerStart
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>Waits until the worker service has made the worker (after the host's earlier start-up steps), or it failed.</summary>
    /// <param name="worker">The worker's handle.</param>
    /// <param name="command">The command's name, for the message.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The worker's counters, or null after writing why to standard error (the caller stops the host and exits 1).</returns>
    public static async Task<WorkerCounters?> WaitAsync(WorkerHandle worker, string command, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (worker.Counters is null && !worker.Failed && waited.Elapsed < s_timeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        if (worker.Counters is null)
        {
            await Console.Error.WriteLineAsync($"parcelstream {command}: the worker did not start within {s_timeout.TotalSeconds:0} s{(worker.FailureReason is { } why ? $": {why}" : string.Empty)}").ConfigureAwait(false);
        }

        return worker.Counters;
    }
}
