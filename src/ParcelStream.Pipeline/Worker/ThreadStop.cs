namespace ParcelStream.Pipeline.Worker;

/// <summary>Stopping a component that runs on a thread of its own and reports its end through a task.</summary>
internal static class ThreadStop
{
    /// <summary>Signals the stop, then waits for the thread's completion; a fault is left for the completion task to report.</summary>
    /// <param name="stopping">Cancelled to ask the thread to stop.</param>
    /// <param name="started">Whether the thread was started (nothing to wait for otherwise).</param>
    /// <param name="completion">Completes when the thread has stopped.</param>
    /// <param name="cancellationToken">Gives up waiting (the component still stops).</param>
    /// <returns>A task that completes when stopped.</returns>
    public static async Task StopAsync(CancellationTokenSource stopping, bool started, Task completion, CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (!started)
        {
            return;
        }

        try
        {
            await completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The fault is reported through the completion task; stopping itself succeeded.
        }
    }
}
