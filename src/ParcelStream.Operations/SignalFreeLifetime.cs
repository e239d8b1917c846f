using Microsoft.Extensions.Hosting;

namespace ParcelStream.Operations;

/// <summary>
/// A host lifetime that registers no signal handlers: the host stops when the token given to <c>RunAsync</c> is
/// cancelled or <see cref="IHostApplicationLifetime.StopApplication"/> is called.
/// </summary>
/// <remarks>
/// The default (ConsoleLifetime) handles SIGTERM and SIGINT itself. In a process whose command line already handles
/// them (System.CommandLine cancels the command's token), or in a host nested inside another, that makes several
/// handlers act on one signal in an order .NET does not fix, each stopping a different thing.
/// </remarks>
public sealed class SignalFreeLifetime : IHostLifetime
{
    /// <inheritdoc />
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
