using System.CommandLine;

namespace ParcelStream.Host.Commands;

/// <summary>How the long-running asynchronous commands hand their work to System.CommandLine.</summary>
internal static class CommandActions
{
    /// <summary>
    /// Sets <paramref name="action"/> as the command's action, started only once System.CommandLine handles SIGTERM and
    /// Ctrl-C (by cancelling the token).
    /// </summary>
    /// <remarks>
    /// System.CommandLine registers its signal handler when the action has returned its task, that is at the action's
    /// first yield. Until then a SIGTERM ends the process with the signal's default action (exit 143), and in the worker
    /// the first real yield comes late in the host's start-up. Yielding first closes that window.
    /// </remarks>
    /// <param name="command">The command.</param>
    /// <param name="action">The work, given the parse result and the token cancelled on SIGTERM or Ctrl-C.</param>
    public static void SetSignalAwareAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            await Task.Yield();
            return await action(parse, cancellationToken).ConfigureAwait(false);
        });
}
