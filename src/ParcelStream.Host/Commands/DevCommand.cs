using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.DevTools.Generation;
using ParcelStream.DevTools.Mock;
using ParcelStream.Operations;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Kafka.Ranges;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <summary>
/// <c>parcelstream dev</c> (what <c>make run</c> runs): an embedded Kafka (librdkafka mock cluster), the synthetic
/// manifest generator and the worker in one process, with live figures and a summary at the end.
/// </summary>
internal static class DevCommand
{
    private static readonly TimeSpan s_deskDrain = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_joinSettle = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var count = new Option<long>("--count") { Description = "Manifests to generate (0 = until --duration or Ctrl-C).", DefaultValueFactory = _ => 200_000 };
        var rate = new Option<int>("--rate") { Description = "Manifests per second to generate (0 = as fast as possible).", DefaultValueFactory = _ => 0 };
        var duration = new Option<int>("--duration") { Description = "Stop after this many seconds (0 = when --count manifests are decided).", DefaultValueFactory = _ => 0 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the manifests topic.", DefaultValueFactory = _ => 6 };
        var threads = new Option<int>("--threads") { Description = "Worker processing lanes (0 = one per core).", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Generator seed: the same seed gives the same manifests.", DefaultValueFactory = _ => 42 };
        var rules = new Option<string?>("--rules") { Description = "Rule pack directory (default: rules/default)." };
        Option<MessageFraming> framing = EnumOption.Create("--framing", "Wire format of the generated manifests: Confluent (magic byte and schema id), single-object or raw Avro.", MessageFraming.Confluent);
        var metricsPort = new Option<int>("--metrics-port") { Description = "Port of /metrics, /healthz and /readyz (0 = a free port, -1 = off).", DefaultValueFactory = _ => MetricsOptions.DefaultPort };
        var feedback = new Option<bool>("--feedback") { Description = "Run inspection feedback with a simulated inspection desk: every INSPECT is inspected, FOUND when the generator planted something in the parcel; the summary shows each rule's hit rate.", DefaultValueFactory = _ => true };
        var stateful = new Option<bool>("--stateful") { Description = "Run the stateful stages (split shipments, duplicates: repartition by consignee, changelogged stores).", DefaultValueFactory = _ => true };
        Option<string> start = StartOption.Create();
        var command = new Command("dev", "Run the embedded Kafka cluster, the manifest generator and the worker together; print live throughput, latency and decision mix, then a summary.")
        {
            count, rate, duration, partitions, threads, seed, rules, framing, metricsPort, stateful, feedback, start,
        };
        command.SetSignalAwareAction((parse, ct) => RunAsync(
            new DevSettings(parse.GetValue(count), parse.GetValue(rate), parse.GetValue(duration), parse.GetValue(partitions), parse.GetValue(threads), parse.GetValue(seed), parse.GetValue(rules), parse.GetValue(framing), parse.GetValue(metricsPort), parse.GetValue(stateful), parse.GetValue(start), parse.GetValue(feedback)),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(DevSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Validate() is { } problem)
        {
            await Console.Error.WriteLineAsync($"parcelstream dev: {problem}").ConfigureAwait(false);
            return 2;
        }

        string rulesDirectory = RulesLocation.Resolve(settings.Rules);
        using var cluster = new MockCluster(brokerCount: 3);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var topics = new WorkerOptions();
        cluster.CreateTopic(topics.InputTopic, settings.Partitions);
        foreach (string topic in new[] { topics.ReleaseTopic, topics.HoldTopic, topics.InspectTopic, topics.DeadLetterTopic })
        {
            cluster.CreateTopic(topic, 3);
        }

        if (settings.Stateful)
        {
            // Internal topics as Kafka Streams creates them: as many partitions as the input (the mock does not compact).
            var state = new StateOptions { Enabled = true, ApplicationId = "dev" };
            cluster.CreateTopic(state.RepartitionTopic, settings.Partitions);
            cluster.CreateTopic(state.ChangelogTopic, settings.Partitions);
        }

        var feedbackTopics = new FeedbackOptions();
        if (settings.Feedback)
        {
            // The join needs the decided and re-keyed results topics co-partitioned; the mock would auto-create 4.
            foreach (string topic in feedbackTopics.Topics)
            {
                cluster.CreateTopic(topic, settings.Partitions);
            }
        }

        int metricsPort = settings.MetricsPort;
        if (metricsPort > 0 && !PortIsFree(metricsPort))
        {
            // dev runs side by side with other processes: a taken port only warns (run would stop, naming the key).
            AnsiConsole.MarkupLine($"[yellow]no metrics endpoint[/]: port {metricsPort} is in use (pick another with --metrics-port)");
            metricsPort = -1;
        }

        // The same composition as `parcelstream run` (RunCommand.Compose: the same AddParcelStreamX calls), pointed at
        // the embedded cluster; the stateful stages create their internal topics as run does.
        var settingsForRun = new Dictionary<string, string?>
        {
            ["ParcelStream:Worker:BootstrapServers"] = cluster.BootstrapServers,
            ["ParcelStream:Worker:GroupId"] = "parcelstream-dev",
            ["ParcelStream:Worker:ProcessingThreads"] = settings.Threads.ToString(CultureInfo.InvariantCulture),
            ["ParcelStream:Rules:Directory"] = rulesDirectory,
            ["ParcelStream:Metrics:Enabled"] = metricsPort >= 0 ? "true" : "false",
            ["ParcelStream:Metrics:Port"] = Math.Max(metricsPort, 0).ToString(CultureInfo.InvariantCulture),
            ["ParcelStream:State:Enabled"] = settings.Stateful ? "true" : "false",
            ["ParcelStream:State:ApplicationId"] = "dev",
            ["ParcelStream:Feedback:Enabled"] = settings.Feedback ? "true" : "false",
            ["ParcelStream:Logging:Format"] = "text",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        IHost host;
        try
        {
            host = RunCommand.Compose(c => c.AddInMemoryCollection(settingsForRun));
            _ = host.Services.GetRequiredService<RuleEngine>();
            _ = host.Services.GetService<StatefulProcessing>();
        }
        catch (Exception ex) when (ex is InvalidConfigurationException or RulePackException)
        {
            await Console.Error.WriteLineAsync($"parcelstream dev: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        using (host)
        {
            RuleEngine engine = host.Services.GetRequiredService<RuleEngine>();
            WorkerHandle worker = host.Services.GetRequiredService<WorkerHandle>();
            AnsiConsole.MarkupLine($"[bold]ParcelStream dev[/]: embedded Kafka at [blue]{cluster.BootstrapServers}[/], rule pack [blue]{Markup.Escape(engine.Current.Version)}[/] from {Markup.Escape(rulesDirectory)}");
            AnsiConsole.MarkupLine($"generating {(settings.Count > 0 ? settings.Count.ToString("N0", CultureInfo.InvariantCulture) : "unlimited")} manifests (seed {settings.Seed}, {(settings.Rate > 0 ? settings.Rate + "/s" : "unthrottled")}); Ctrl-C stops.");
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            if (metricsPort > 0)
            {
                AnsiConsole.MarkupLine($"metrics, health and readiness at [blue]http://localhost:{metricsPort}/metrics[/], /healthz, /readyz");
            }

            if (await WorkerStart.WaitAsync(worker, "dev", cancellationToken).ConfigureAwait(false) is not { } counters)
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return 1;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (settings.DurationSeconds > 0)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(settings.DurationSeconds));
            }

            using DevInspectionDesk? desk = settings.Feedback ? new DevInspectionDesk(cluster.BootstrapServers, topics.InspectTopic, feedbackTopics.ResultsTopic) : null;
            desk?.Start();
            var produced = new ProducedCount();
            var clock = Stopwatch.StartNew();
            string input = topics.InputTopic;
            Task generator = Task.Factory.StartNew(() => Generate(cluster.BootstrapServers, input, settings, produced, desk, stop.Token), TaskCreationOptions.LongRunning);
            await ShowProgressAsync(worker, counters, produced, generator, clock, stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await generator.ConfigureAwait(false);
            if (desk is not null)
            {
                await DrainDeskAsync(desk, counters, cancellationToken).ConfigureAwait(false);
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            clock.Stop();
            PrintSummary(counters, produced.Value, clock.Elapsed, engine);
            if (desk is not null)
            {
                PrintFeedback(desk, cluster.BootstrapServers, feedbackTopics.StatsTopic, engine);
            }

            return worker.Failed ? 1 : 0;
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>Lets the desk inspect the last INSPECT decisions and the feedback join count them (a few seconds at most).</summary>
    private static async Task DrainDeskAsync(DevInspectionDesk desk, WorkerCounters counters, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (desk.Inspected < counters.Decisions(Outcome.Inspect) && waited.Elapsed < s_deskDrain && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        // The join re-keys, joins and writes the statistics: give it a moment before the worker stops.
        await Task.Delay(s_joinSettle, CancellationToken.None).ConfigureAwait(false);
        desk.Stop();
    }

    private static void PrintFeedback(DevInspectionDesk desk, string bootstrap, string statsTopic, RuleEngine engine)
    {
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"inspection desk: {desk.Inspected:N0} inspected, {desk.Found:N0} found (the generator's ground truth)")));
        try
        {
            FeedbackTally tally = FeedbackStatsReader.ReadAll(new Dictionary<string, string> { ["bootstrap.servers"] = bootstrap }, statsTopic, TimeSpan.FromSeconds(10));
            RulesCommand.PrintHitRates(tally, engine.Current.RuleIds.Where(id => tally.Get(new FeedbackKey(FeedbackKind.Rule, id)).Inspected > 0).ToList(), 0.95, statsTopic);
        }
        catch (Exception e) when (e is TimeoutException or TopicRangeException)
        {
            AnsiConsole.MarkupLine($"[yellow]no rule hit rates[/]: {Markup.Escape(e.Message)}");
        }
    }

    private static void Generate(string bootstrap, string topic, DevSettings settings, ProducedCount produced, DevInspectionDesk? desk, CancellationToken cancellationToken)
    {
        var publisher = new ManifestPublisher(ManifestPublisher.ThroughputConfig(bootstrap));
        var options = new GeneratorOptions { Seed = settings.Seed };
        if (StartOption.TryParse(settings.Start, out DateTimeOffset? start) && start is { } given)
        {
            options.StartTime = given; // a bad --start was refused by DevSettings.Validate
        }

        var generator = new ManifestGenerator(options);
        long count = settings.Count == 0 ? long.MaxValue : settings.Count;
        PublishSummary summary = publisher.Publish(generator, topic, count, settings.Rate, settings.Framing, MessageKey.TrackingNumber, n => produced.Value = n, desk is null ? null : desk.Remember, cancellationToken);
        produced.Value = summary.Produced;
        produced.Done = true;
    }

    private static async Task ShowProgressAsync(WorkerHandle worker, WorkerCounters c, ProducedCount produced, Task generator, Stopwatch clock, CancellationToken cancellationToken)
    {
        long lastDone = 0;
        TimeSpan lastTime = TimeSpan.Zero;
        bool live = !Console.IsOutputRedirected;
        TimeSpan interval = TimeSpan.FromSeconds(live ? 1 : 2);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            long done = c.Acknowledged;
            TimeSpan now = clock.Elapsed;
            double rate = (done - lastDone) / (now - lastTime).TotalSeconds;
            (lastDone, lastTime) = (done, now);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{now.TotalSeconds,6:0}s  generated {produced.Value,10:N0}  decided {done,10:N0}  {rate,9:N0}/s  p50 {c.Latency.Quantile(0.5),7:0.0} ms  p99 {c.Latency.Quantile(0.99),7:0.0} ms  release {c.Decisions(Outcome.Release),9:N0}  hold {c.Decisions(Outcome.Hold),8:N0}  inspect {c.Decisions(Outcome.Inspect),8:N0}  dlq {c.DeadLettered,6:N0}"));
            if (worker.Failed || (produced.Done && done >= produced.Value && generator.IsCompleted))
            {
                break;
            }
        }
    }

    private static void PrintSummary(WorkerCounters c, long produced, TimeSpan elapsed, RuleEngine engine)
    {
        var table = new Table().Title("[bold]ParcelStream dev summary[/]").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("manifests generated", produced.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("manifests consumed", c.Consumed.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("decisions RELEASE", c.Decisions(Outcome.Release).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("decisions HOLD", c.Decisions(Outcome.Hold).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("decisions INSPECT", c.Decisions(Outcome.Inspect).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("dead-lettered", c.DeadLettered.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("acknowledged by the broker", c.Acknowledged.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("delivery failures", c.DeliveryFailures.ToString("N0", CultureInfo.InvariantCulture));
        if (c.Forwarded > 0)
        {
            table.AddRow("split shipments held (SPLIT_SHIPMENT)", c.SplitShipments.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("amendments of earlier releases", c.Amendments.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("duplicates (DUPLICATE_MANIFEST)", c.Duplicates.ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("elapsed", elapsed.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture));
        table.AddRow("throughput (decided/s)", (c.Acknowledged / Math.Max(0.001, elapsed.TotalSeconds)).ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("latency p50 / p99 (Kafka timestamp to ack)", string.Create(CultureInfo.InvariantCulture, $"{c.Latency.Quantile(0.5):0.0} / {c.Latency.Quantile(0.99):0.0} ms"));
        table.AddRow("rule pack", Markup.Escape(engine.Current.Version));
        AnsiConsole.Write(table);

        var reasons = new Table().Title("[bold]Top reasons[/]").AddColumn("code").AddColumn(new TableColumn("count").RightAligned());
        foreach (KeyValuePair<string, long> reason in c.Reasons.Snapshot().Take(12))
        {
            reasons.AddRow(Markup.Escape(reason.Key), reason.Value.ToString("N0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(reasons);
    }

    private sealed class ProducedCount
    {
        private long _value;
        private volatile bool _done;

        public long Value
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }

        public bool Done
        {
            get => _done;
            set => _done = value;
        }
    }
}
