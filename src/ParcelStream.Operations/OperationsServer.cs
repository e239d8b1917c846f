using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ParcelStream.Operations;

/// <summary>
/// The operations HTTP endpoint on one port (Kestrel): <c>/metrics</c> (Prometheus text format), <c>/healthz</c>
/// (alive) and <c>/readyz</c> (ready), both 200 or 503 with a JSON report.
/// </summary>
public sealed partial class OperationsServer : IAsyncDisposable
{
    private const string MetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly WebApplication _app;

    private OperationsServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>Gets the port listened on (the one chosen when the options asked for 0).</summary>
    public int Port { get; }

    /// <summary>Starts listening.</summary>
    /// <param name="options">Port and address (validated here).</param>
    /// <param name="metrics">What /metrics exports.</param>
    /// <param name="health">What /healthz and /readyz report.</param>
    /// <param name="loggers">Where Kestrel and the endpoint log; none when null.</param>
    /// <param name="cancellationToken">Gives up starting.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ParcelStream.Pipeline.Worker.InvalidConfigurationException">An option is invalid.</exception>
    /// <exception cref="IOException">The port is in use.</exception>
    public static async Task<OperationsServer> StartAsync(MetricsOptions options, ParcelStreamMetrics metrics, OperationsHealth health, ILoggerFactory? loggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IPAddress? address = options.ParsedBindAddress();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address is null)
            {
                kestrel.ListenAnyIP(options.Port);
            }
            else
            {
                kestrel.Listen(address, options.Port);
            }
        });
        builder.Services.AddSingleton(loggers ?? NullLoggerFactory.Instance);

        // The endpoint runs inside a process that owns its signals and stops this server itself (the worker's host
        // stops it last, after the drain): no second SIGTERM handler, no "Application started" lines of its own.
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>();
        WebApplication app = builder.Build();
        ILogger logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<OperationsServer>();
        app.Run(context => HandleAsync(context, metrics, health, logger));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        int port = options.Port;
        IServerAddressesFeature? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        foreach (string url in addresses?.Addresses ?? [])
        {
            port = new Uri(url).Port;
        }

        LogListening(logger, options.BindAddress, port);
        return new OperationsServer(app, port);
    }

    /// <summary>Stops listening (requests in progress finish).</summary>
    /// <param name="cancellationToken">Stops waiting for them.</param>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    private static async Task HandleAsync(HttpContext context, ParcelStreamMetrics metrics, OperationsHealth health, ILogger logger)
    {
        HttpResponse response = context.Response;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        switch (context.Request.Path.Value)
        {
            case "/metrics":
                response.ContentType = MetricsContentType;
                try
                {
                    await metrics.ExportAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failing collector must not take the endpoint down; the scrape shows up as failed instead.
                    LogScrapeFailed(logger, ex);
                    response.StatusCode = StatusCodes.Status500InternalServerError;
                }

                return;
            case "/healthz":
                await WriteReportAsync(response, health.Liveness(), context.RequestAborted).ConfigureAwait(false);
                return;
            case "/readyz":
                await WriteReportAsync(response, health.Readiness(), context.RequestAborted).ConfigureAwait(false);
                return;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }

    private static async Task WriteReportAsync(HttpResponse response, HealthReport report, CancellationToken cancellationToken)
    {
        response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        response.ContentType = "application/json";
        await using (var writer = new Utf8JsonWriter(response.Body))
        {
            report.WriteJson(writer);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Operations endpoint listening on {Address}:{Port} (/metrics, /healthz, /readyz)")]
    private static partial void LogListening(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Collecting metrics failed")]
    private static partial void LogScrapeFailed(ILogger logger, Exception exception);
}
