using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParcelStream.Codec;
using ParcelStream.Operations.Tests.Support;
using ParcelStream.DevTools.Generation;
using ParcelStream.DevTools.Mock;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Operations.Tests;

/// <summary>
/// A real Prometheus (Debian package prometheus) scrapes a worker host built as <c>parcelstream run</c> builds it
/// (rules + metrics + pipeline in the generic host), against the librdkafka mock cluster, with our alert rules loaded.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private const int Manifests = 1_500;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prometheus_ScrapingARunningWorkerHost_FindsTheParcelStreamSeriesAndEvaluatesTheRules()
    {
        using var cluster = new MockCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        cluster.CreateTopic("parcels.manifests", 3);
        foreach (string topic in new[] { "parcels.decisions.release", "parcels.decisions.hold", "parcels.decisions.inspect", "parcels.manifests.dlq" })
        {
            cluster.CreateTopic(topic, 1);
        }

        Produce(cluster.BootstrapServers, "parcels.manifests", Manifests);
        using IHost host = BuildHost(cluster.BootstrapServers);
        await host.StartAsync();
        string workDirectory = Path.Combine(Path.GetTempPath(), "parcelstream-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
        Process? prometheus = null;
        try
        {
            int target = host.Services.GetServices<IHostedService>().OfType<OperationsService>().Single().Port;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await WaitUntilAsync(async () => (await http.GetAsync(new Uri($"http://127.0.0.1:{target}/readyz"))).StatusCode == HttpStatusCode.OK, "the worker never became ready");

            int port = Tool.FreePort();
            prometheus = StartPrometheus(workDirectory, target, port);
            var api = new Uri($"http://127.0.0.1:{port}/api/v1/");

            // Every manifest ends as a decision or a dead letter, as Prometheus sees it.
            await WaitUntilAsync(
                async () => await ScalarAsync(http, api, "sum(parcelstream_decisions_total) + sum(parcelstream_dead_letters_total)") == Manifests,
                () => $"Prometheus did not see {Manifests} manifests decided; log:\n{File.ReadAllText(Path.Combine(workDirectory, "prometheus.log"))}");

            Assert.Equal(1, await ScalarAsync(http, api, "up{job=\"parcelstream\"}"));
            Assert.Equal(1, await ScalarAsync(http, api, "parcelstream_ready"));
            Assert.Equal(3, await ScalarAsync(http, api, "parcelstream_assigned_partitions"));
            Assert.Equal(Manifests, await ScalarAsync(http, api, "parcelstream_manifests_consumed_total"));
            Assert.True(await ScalarAsync(http, api, "sum(parcelstream_decision_reasons_total)") > 0);
            // Stage timings are sampled: one manifest in 16 per lane (2 lanes).
            Assert.InRange(await ScalarAsync(http, api, "parcelstream_decode_duration_seconds_count"), (Manifests / WorkerCounters.StageSampleEvery) - 30, Manifests / WorkerCounters.StageSampleEvery);
            Assert.True(await ScalarAsync(http, api, "parcelstream_evaluate_duration_seconds_count") > 0);
            Assert.Equal(1, await ScalarAsync(http, api, "count(parcelstream_rule_pack_info)"));

            // Consumer lag from librdkafka's statistics: one series per assigned partition, nothing left once all is committed.
            await WaitUntilAsync(
                async () => await ScalarAsync(http, api, "count(parcelstream_consumer_lag{topic=\"parcels.manifests\"})") == 3 && await ScalarAsync(http, api, "sum(parcelstream_consumer_lag)") == 0,
                "no consumer lag of 0 on 3 partitions");

            // Recording rules need two scrapes inside their window before they produce anything.
            await WaitUntilAsync(
                async () => await ScalarAsync(http, api, "count(parcelstream:decisions:rate5m)") == 3 && await ScalarAsync(http, api, "count(parcelstream:inspection_share:ratio30m)") == 1,
                "the recording rules produced nothing");
            using JsonDocument names = await GetAsync(http, new Uri(api, "label/__name__/values"));
            HashSet<string> series = [.. names.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!)];
            string[] expected =
            [
                "parcelstream_manifests_consumed_total", "parcelstream_decisions_total", "parcelstream_decision_reasons_total", "parcelstream_dead_letters_total",
                "parcelstream_records_acknowledged_total", "parcelstream_offset_commits_total", "parcelstream_rebalances_total", "parcelstream_assigned_partitions",
                "parcelstream_decode_duration_seconds_bucket", "parcelstream_evaluate_duration_seconds_bucket", "parcelstream_end_to_end_latency_seconds_bucket",
                "parcelstream_created_to_decided_seconds_bucket", "parcelstream_processing_latency_seconds_bucket", "parcelstream_rule_pack_info",
                "parcelstream_rule_pack_reload_failures_total", "parcelstream_gc_allocated_bytes_total", "parcelstream_ready", "process_cpu_seconds_total",
                "parcelstream_consumer_lag", "parcelstream:decisions:rate5m", "parcelstream:inspection_share:ratio30m", "parcelstream:consumer_lag:sum",
            ];
            Assert.All(expected, name => Assert.Contains(name, series));

            // The alert and recording rules evaluate against the real series without errors.
            using JsonDocument rules = await GetAsync(http, new Uri(api, "rules"));
            var evaluated = rules.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
            Assert.Equal(PromtoolTests.RuleCount, evaluated.Count);
            Assert.All(evaluated, r => Assert.True(r.GetProperty("health").GetString() == "ok", $"{r.GetProperty("name")}: {r}"));
        }
        finally
        {
            if (prometheus is not null)
            {
                prometheus.Kill(entireProcessTree: true);
                await prometheus.WaitForExitAsync();
                prometheus.Dispose();
            }

            await host.StopAsync();
            if (Directory.Exists(workDirectory))
            {
                Directory.Delete(workDirectory, recursive: true);
            }
        }
    }

    private static IHost BuildHost(string bootstrapServers)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ParcelStream:Worker:BootstrapServers"] = bootstrapServers,
            ["ParcelStream:Worker:GroupId"] = "scraped",
            ["ParcelStream:Worker:ProcessingThreads"] = "2",
            ["ParcelStream:Worker:CommitIntervalMs"] = "200",
            ["ParcelStream:Worker:DrainTimeoutMs"] = "10000",
            ["ParcelStream:Worker:StatisticsIntervalMs"] = "500",
            ["ParcelStream:Rules:Directory"] = Repo.RulesDirectory,
            ["ParcelStream:Rules:WatchForChanges"] = "false",
            ["ParcelStream:Metrics:Port"] = "0",
            ["ParcelStream:Metrics:BindAddress"] = "127.0.0.1",
            ["ParcelStream:Kafka:session.timeout.ms"] = "6000",
            ["ParcelStream:Kafka:heartbeat.interval.ms"] = "500",
            ["ParcelStream:Kafka:topic.metadata.refresh.interval.ms"] = "1000",

            // Until the worker sets statistics.interval.ms from StatisticsIntervalMs, the pass-through turns statistics on.
            ["ParcelStream:Kafka:statistics.interval.ms"] = "500",
        });
        builder.Services.AddParcelStreamRules(builder.Configuration);
        builder.Services.AddParcelStreamMetrics(builder.Configuration);
        builder.Services.AddParcelStreamPipeline(builder.Configuration, sp => new RulesStage(sp.GetRequiredService<RuleEngine>()));
        return builder.Build();
    }

    private static void Produce(string bootstrapServers, string topic, int count)
    {
        var generator = new ManifestGenerator(new GeneratorOptions { Seed = 7 });
        var buffer = new ArrayBufferWriter<byte>(2048);
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 }).Build();
        for (int i = 0; i < count; i++)
        {
            buffer.ResetWrittenCount();
            GeneratedMessage message = generator.NextMessage(buffer, MessageFraming.Confluent);
            producer.Produce(topic, new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes(message.Record.TrackingNumber), Value = buffer.WrittenSpan.ToArray() });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    private static Process StartPrometheus(string directory, int target, int port)
    {
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        string config = Path.Combine(directory, "prometheus.yml");
        string rules = PrometheusRules.WriteRuleFile(Path.Combine(directory, "rules"));
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {rules}
            scrape_configs:
              - job_name: parcelstream
                static_configs:
                  - targets: ["127.0.0.1:{target}"]
            """);
        var start = new ProcessStartInfo(PrometheusBinary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (string argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(directory, "prometheus.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        return process;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Prometheus exited; its last words are not needed.
            }
        }
    }

    /// <summary>An instant query with one result: its value, or NaN when there is none (yet).</summary>
    private static async Task<double> ScalarAsync(HttpClient http, Uri api, string query)
    {
        using JsonDocument json = await GetAsync(http, new Uri(api, "query?query=" + Uri.EscapeDataString(query)));
        JsonElement result = json.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 1 ? double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
    }

    private static async Task<JsonDocument> GetAsync(HttpClient http, Uri uri)
    {
        using HttpResponseMessage response = await http.GetAsync(uri);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            // Prometheus answers 503 until its storage is ready (seconds on a loaded machine): not yet, as when not listening.
            throw new HttpRequestException($"{uri}: 503 {body}");
        }

        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string failure) => WaitUntilAsync(condition, () => failure);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(clock.Elapsed < s_deadline, $"after {s_deadline.TotalSeconds:0} s: {failure()}");
            await Task.Delay(250);
        }
    }
}
