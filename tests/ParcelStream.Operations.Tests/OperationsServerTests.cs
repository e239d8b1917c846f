using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests;

public sealed class OperationsServerTests
{
    private static readonly MetricsOptions s_loopback = new() { Port = 0, BindAddress = "127.0.0.1" };

    [Fact]
    public async Task Get_Metrics_PrometheusTextWithOurSeries()
    {
        var health = new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => null);
        await using OperationsServer server = await OperationsServer.StartAsync(s_loopback, new ParcelStreamMetrics(health), health, loggers: null);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using HttpResponseMessage response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE parcelstream_decisions_total counter", body, StringComparison.Ordinal);
        Assert.Contains("parcelstream_decisions_total{outcome=\"inspect\"} 0", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HealthAndReadiness_FollowTheWorkerAndTheRulePack()
    {
        var handle = new WorkerHandle();
        int assigned = 0;
        RuleEngine? engine = null;
        var health = new OperationsHealth(handle, () => engine);
        await using OperationsServer server = await OperationsServer.StartAsync(s_loopback, new ParcelStreamMetrics(health), health, loggers: null);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        // Starting: alive, not ready.
        (HttpStatusCode live, _) = await GetAsync(http, "/healthz");
        (HttpStatusCode ready, JsonElement report) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Equal("failing", report.GetProperty("status").GetString());
        Assert.False(report.GetProperty("checks").GetProperty("partitions").GetProperty("ok").GetBoolean());
        Assert.False(report.GetProperty("checks").GetProperty("rules").GetProperty("ok").GetBoolean());
        Assert.True(report.GetProperty("checks").GetProperty("state").GetProperty("ok").GetBoolean());

        // Worker running with partitions, rules loaded: ready.
        handle.Counters = new WorkerCounters();
        handle.AssignedPartitions = () => assigned;
        assigned = 2;
        engine = new RuleEngine(RulePack.Load(Support.Repo.RulesDirectory), new RuleEngineOptions { WatchForChanges = false });
        (ready, report) = await GetAsync(http, "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal("2 assigned", report.GetProperty("checks").GetProperty("partitions").GetProperty("detail").GetString());
        Assert.Contains(engine.Current.Version, report.GetProperty("checks").GetProperty("rules").GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A spare member (rebalanced, given nothing) is ready too.
        assigned = 0;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(http, "/readyz")).Status);
        handle.Counters.OnRebalance();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "/readyz")).Status);

        // The worker stopped on an error: neither alive nor ready.
        handle.Failed = true;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(http, "/healthz")).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(http, "/readyz")).Status);
    }

    [Theory]
    [InlineData("GET", "/", HttpStatusCode.NotFound)]
    [InlineData("GET", "/metrics/extra", HttpStatusCode.NotFound)]
    [InlineData("POST", "/metrics", HttpStatusCode.MethodNotAllowed)]
    [InlineData("HEAD", "/healthz", HttpStatusCode.OK)]
    public async Task Request_OtherPathsAndMethods_AnsweredWithoutBody(string method, string path, HttpStatusCode expected)
    {
        var health = new OperationsHealth(new WorkerHandle(), () => null);
        await using OperationsServer server = await OperationsServer.StartAsync(s_loopback, new ParcelStreamMetrics(health), health, loggers: null);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using HttpResponseMessage response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task StartAsync_PortInUse_Throws()
    {
        var health = new OperationsHealth(new WorkerHandle(), () => null);
        await using OperationsServer first = await OperationsServer.StartAsync(s_loopback, new ParcelStreamMetrics(health), health, loggers: null);

        await Assert.ThrowsAsync<IOException>(() => OperationsServer.StartAsync(new MetricsOptions { Port = first.Port, BindAddress = "127.0.0.1" }, new ParcelStreamMetrics(health), health, loggers: null));
    }

    [Fact]
    public async Task StartAsync_InsideTheWorkersProcess_HandlesNoSignalsOfItsOwn()
    {
        // A console lifetime of its own would also handle SIGTERM, racing the process's handler, and announce itself.
        using var logs = new FakeLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var health = new OperationsHealth(new WorkerHandle(), () => null);
        await using OperationsServer server = await OperationsServer.StartAsync(s_loopback, new ParcelStreamMetrics(health), health, loggers);

        IReadOnlyList<FakeLogRecord> records = logs.Collector.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 6000);
        Assert.DoesNotContain(records, r => r.Category == "Microsoft.Hosting.Lifetime" && r.Message.StartsWith("Application started", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Report)> GetAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }
}
