using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Generation;
using ParcelStream.Pipeline.Kafka.Mock;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.LoadDriver;

/// <summary>
/// Pre-loads M manifests into the embedded Kafka (large producer batches), then, over the same topic and in the same
/// run: kcat's raw consume rate, Confluent.Kafka's raw consume rate, and the worker's sustained decision rate, latency
/// and managed bytes allocated per manifest.
/// Usage: dotnet run -c Release --project perf/ParcelStream.LoadDriver -- [--messages N] [--partitions P] [--threads T] [--out FILE] [--worker-only].
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        int messages = IntArg(args, "--messages", 300_000);
        int partitions = IntArg(args, "--partitions", 24);
        int threads = IntArg(args, "--threads", 0);
        string? outFile = StringArg(args, "--out");

        // For profiling the worker alone (perf record): the raw peers are not measured and their ratios not reported.
        bool workerOnly = Array.IndexOf(args, "--worker-only") >= 0;

        using var cluster = new MockCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        const string Input = "manifests";
        cluster.CreateTopic(Input, partitions);
        cluster.CreateTopic("decisions", partitions);
        cluster.CreateTopic("dlq", 1);

        Console.WriteLine($"pre-loading {messages:N0} manifests into {partitions} partitions...");
        (double produceRate, long bytes) = Preload(cluster.BootstrapServers, Input, messages);
        Console.WriteLine($"  produced at {produceRate:N0}/s, {bytes / (double)messages:0} bytes per manifest");

        // The mock cluster keeps about 5 MB (and at most 100,000 records) per partition and drops older batches, so every
        // reader is measured over what it actually retained.
        int retained = Retained(cluster.BootstrapServers, Input, partitions);
        if (retained < messages)
        {
            Console.WriteLine($"  the mock cluster retained {retained:N0} of {messages:N0}: use more --partitions for a larger run");
        }

        messages = retained;

        double kcatRate = workerOnly ? double.NaN : KcatRate(cluster.BootstrapServers, Input, messages);
        Console.WriteLine($"  kcat raw consume: {kcatRate:N0}/s");
        double confluentRate = workerOnly ? double.NaN : ConfluentRate(cluster.BootstrapServers, Input, messages);
        Console.WriteLine($"  Confluent.Kafka raw consume: {confluentRate:N0}/s");
        WorkerResult worker = RunWorker(cluster.BootstrapServers, Input, messages, threads);
        Console.WriteLine($"  worker: {worker.Rate:N0}/s, p50 {worker.P50:0.0} ms, p99 {worker.P99:0.0} ms, {worker.BytesPerManifest:0} B allocated per manifest ({worker.SteadyBytesPerManifest:0.0} B in steady state)");

        string report = Report(messages, partitions, threads, produceRate, bytes, kcatRate, confluentRate, worker, args);
        Console.WriteLine();
        Console.WriteLine(report);
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report);
        }

        return 0;
    }

    private static (double Rate, long Bytes) Preload(string bootstrap, string topic, int count)
    {
        ProducerConfig config = ManifestPublisher.ThroughputConfig(bootstrap);
        config.QueueBufferingMaxMessages = 1_000_000;
        PublishSummary summary = new ManifestPublisher(config).Publish(new ManifestGenerator(new GeneratorOptions { Seed = 7 }), topic, count, 0, MessageFraming.Confluent, MessageKey.TrackingNumber);
        if (summary.Delivered != count)
        {
            throw new InvalidOperationException($"pre-load delivered {summary.Delivered} of {count}: {summary.FirstError}");
        }

        return (summary.MessagesPerSecond, summary.Bytes);
    }

    private static double KcatRate(string bootstrap, string topic, int count)
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\n" })
        {
            start.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using Process p = Process.Start(start)!;
        int lines = 0;
        while (p.StandardOutput.ReadLine() is not null)
        {
            lines++;
        }

        p.WaitForExit();
        clock.Stop();
        if (lines != count)
        {
            throw new InvalidOperationException($"kcat read {lines} of {count}: {p.StandardError.ReadToEnd()}");
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static int Retained(string bootstrap, string topic, int partitions)
    {
        using IConsumer<byte[], byte[]> c = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "probe" }).Build();
        long total = 0;
        for (int p = 0; p < partitions; p++)
        {
            WatermarkOffsets w = c.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            total += w.High.Value - w.Low.Value;
        }

        return (int)total;
    }

    private static double ConfluentRate(string bootstrap, string topic, int count)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "raw-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Subscribe(topic);
        int seen = 0;
        Stopwatch? clock = null;
        while (seen < count)
        {
            ConsumeResult<byte[], byte[]>? r = consumer.Consume(1000);
            if (r is not null && !r.IsPartitionEOF)
            {
                clock ??= Stopwatch.StartNew();
                seen++;
            }
        }

        double rate = count / clock!.Elapsed.TotalSeconds;
        consumer.Close();
        return rate;
    }

    private static WorkerResult RunWorker(string bootstrap, string topic, int count, int threads)
    {
        string rules = Path.Combine(AppContext.BaseDirectory, "rules", "default");
        var ruleOptions = new RuleEngineOptions { Directory = rules, WatchForChanges = false };
        var engine = new RuleEngine(RulePack.Load(rules), ruleOptions);
        var options = new WorkerOptions
        {
            BootstrapServers = bootstrap,
            GroupId = "worker-" + Guid.NewGuid().ToString("N"),
            InputTopic = topic,
            DecisionTopic = "decisions",
            DeadLetterTopic = "dlq",
            ProcessingThreads = threads,
        };
        using var worker = new DecisionWorker<RulesStage>(options, new RulesStage(engine), SchemaRegistry.Default, CodecLimits.Default, new Dictionary<string, string>(), NullLogger.Instance);
        GC.Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        worker.Start();
        Stopwatch? clock = null;
        long steadyFrom = count / 5;
        long steadyAllocated = -1;
        while (worker.Counters.Acknowledged < count)
        {
            if (clock is null && worker.Counters.Consumed > 0)
            {
                clock = Stopwatch.StartNew();
            }

            // After the first fifth the slot pool, buffers and JIT are warm: what is allocated from here on is per manifest.
            if (steadyAllocated < 0 && worker.Counters.Acknowledged >= steadyFrom)
            {
                steadyAllocated = GC.GetTotalAllocatedBytes(precise: true);
                steadyFrom = worker.Counters.Acknowledged;
            }

            if (worker.Completion.IsFaulted)
            {
                throw worker.Completion.Exception!;
            }

            Thread.Sleep(1);
        }

        clock!.Stop();
        long end = GC.GetTotalAllocatedBytes(precise: true);
        long allocated = end - allocatedBefore;
        double steadyPerManifest = (end - steadyAllocated) / (double)Math.Max(1, count - steadyFrom);
        worker.StopAsync().GetAwaiter().GetResult();
        WorkerCounters c = worker.Counters;
        return new WorkerResult(
            count / clock.Elapsed.TotalSeconds,
            c.ServiceLatency.Quantile(0.5),
            c.ServiceLatency.Quantile(0.99),
            allocated / (double)count,
            steadyPerManifest,
            c.Decisions(Outcome.Release),
            c.Decisions(Outcome.Hold),
            c.Decisions(Outcome.Inspect),
            c.DeadLettered,
            options.EffectiveThreads);
    }

    private static string Report(int messages, int partitions, int threads, double produceRate, long bytes, double kcat, double confluent, WorkerResult w, string[] args)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| measure | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| manifests pre-loaded | {messages:N0} ({bytes / (double)messages:0} bytes each, Confluent framing, {partitions} partitions) |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| pre-load produce rate | {produceRate:N0}/s |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| kcat raw consume rate (C, librdkafka) | {kcat:N0}/s |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| Confluent.Kafka raw consume rate (Consume loop, byte[]) | {confluent:N0}/s |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **worker decisions/s** (decode + default rule pack + produce + ack, {w.Lanes} lanes) | **{w.Rate:N0}/s** |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| worker / kcat | {w.Rate / kcat:0.00} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| worker / Confluent.Kafka raw consume | {w.Rate / confluent:0.00} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| service latency p50 / p99 (received to decision acknowledged) | {w.P50:0.0} / {w.P99:0.0} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| managed bytes allocated per manifest, whole run incl. warm-up (GC.GetTotalAllocatedBytes, whole process) | {w.BytesPerManifest:0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| managed bytes allocated per manifest, steady state (after the first fifth) | {w.SteadyBytesPerManifest:0.0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| decisions RELEASE / HOLD / INSPECT / DLQ | {w.Release:N0} / {w.Hold:N0} / {w.Inspect:N0} / {w.Dead:N0} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project perf/ParcelStream.LoadDriver -- {string.Join(' ', args)}` (threads {threads}).");
        return sb.ToString();
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed record WorkerResult(double Rate, double P50, double P99, double BytesPerManifest, double SteadyBytesPerManifest, long Release, long Hold, long Inspect, long Dead, int Lanes);
}
