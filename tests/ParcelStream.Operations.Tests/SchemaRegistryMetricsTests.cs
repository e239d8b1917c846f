using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations.Tests;

/// <summary>The schema registry's metrics: lanes waiting for it, and its requests by outcome.</summary>
public sealed class SchemaRegistryMetricsTests
{
    [Fact]
    public async Task Export_RegistryUnreachableWhileAnIdIsResolved_WaitingIsOneAndUnavailableRequestsCountedThenZero()
    {
        using RegistrySchemas schemas = Unreachable();
        var metrics = new ParcelStreamMetrics(new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => null, schemaRegistry: schemas));
        using var stop = new CancellationTokenSource();
        Task<SchemaResolution> resolving = Task.Run(() => schemas.Resolve(123, stop.Token));

        Exposition waiting = await WaitForAsync(metrics, e => e.Value("parcelstream_schema_registry_waiting") == 1 && e.Value("parcelstream_schema_registry_requests_total", ("outcome", "unavailable")) >= 2);
        await stop.CancelAsync();

        Assert.Equal(SchemaResolution.Stopped, await resolving);
        Assert.Equal(0, waiting.Value("parcelstream_schema_registry_requests_total", ("outcome", "answered")));
        Exposition after = await Exposition.CollectAsync(metrics);
        Assert.Equal(0, after.Value("parcelstream_schema_registry_waiting"));
        Assert.True(after.Value("parcelstream_schema_registry_requests_total", ("outcome", "unavailable")) >= 2);
    }

    [Fact]
    public async Task Export_NoRegistry_NoRegistrySeries()
    {
        var metrics = new ParcelStreamMetrics(new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => null));

        Exposition e = await Exposition.CollectAsync(metrics);

        Assert.Null(e.Find("parcelstream_schema_registry_waiting"));
        Assert.Null(e.Find("parcelstream_schema_registry_requests_total", ("outcome", "answered")));
    }

    /// <summary>A registry client pointed at a port nobody listens on (connection refused at once).</summary>
    internal static RegistrySchemas Unreachable()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new RegistrySchemas(
            SchemaRegistrySettings.FromProperties(new Dictionary<string, string> { ["schema.registry.url"] = $"http://127.0.0.1:{port}", ["schema.registry.max.retries"] = "1", ["schema.registry.retries.wait.ms"] = "10" }),
            SchemaRegistry.Default.WithoutIds(),
            NullLogger.Instance);
    }

    private static async Task<Exposition> WaitForAsync(ParcelStreamMetrics metrics, Func<Exposition, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            Exposition e = await Exposition.CollectAsync(metrics);
            if (done(e) || DateTime.UtcNow > deadline)
            {
                return e;
            }

            await Task.Delay(50);
        }
    }
}
