using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.DevTools.Generation;
using ParcelStream.Pipeline.Kafka.Native;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.LoadDriver;

/// <summary>
/// Pre-loads M manifests into the embedded Kafka (large producer batches), then, over the same topic and in the same
/// run: the raw consume rate of kcat, of bare librdkafka (our native consumer's poll loop, no processing) and of
/// Confluent.Kafka, the pipeline floor (bare librdkafka consuming and producing one decision-sized record per record, see
/// <see cref="PipelineFloor"/>), and the worker's sustained decision rate, latency and managed bytes allocated per manifest; with
/// the CPU time each of them spent per manifest.
/// Usage: dotnet run -c Release --project perf/ParcelStream.LoadDriver -- [--messages N] [--partitions P] [--threads T]
/// [--max-in-flight N] [--decision-partitions N] [--brokers N] [--out FILE] [--worker-only] [--no-warmup] [--no-stateful]
/// [--cluster-exe PATH-TO-parcelstream] [--kafka key=value ...]. <c>make load</c> runs it with jemalloc preloaded, as the
/// container image runs the worker.
/// Then, unless --no-stateful, the worker again with the stateful stages on (repartition by consignee, split-shipment
/// store with its changelog; internal topics created with twice the input's partitions) and its ratio to the
/// stateless run; then the restore of that changelog into fresh stores, interleaved with the same restore on
/// librdkafka's 1 s fetch backoff.
/// </summary>
internal static class Program
{
    private const string Input = "manifests";

    private const string FloorName = "pipeline floor: bare librdkafka consume + produce one decision-sized record each (worker's producer settings; no decode, no rules)";
    private const string BareName = "bare librdkafka (our native consumer's poll loop, no processing)";

    private static int Main(string[] args)
    {
        // The mock keeps about 5 MB of compressed batches per partition (about 21,000 manifests): 48 partitions hold a million,
        // a run long enough (several seconds per reader) for a sustained rate.
        int messages = IntArg(args, "--messages", 1_000_000);
        int partitions = IntArg(args, "--partitions", 48);
        int threads = IntArg(args, "--threads", 0);
        int decisionPartitions = IntArg(args, "--decision-partitions", partitions);
        int brokers = IntArg(args, "--brokers", 1);
        int maxInFlight = IntArg(args, "--max-in-flight", new WorkerOptions().MaxInFlight);
        string? outFile = StringArg(args, "--out");
        string? clusterExe = StringArg(args, "--cluster-exe");
        Dictionary<string, string> kafka = KafkaArgs(args);

        // For profiling the worker alone (perf record): the raw peers are not measured and their ratios not reported.
        bool workerOnly = Array.IndexOf(args, "--worker-only") >= 0;
        bool stateful = Array.IndexOf(args, "--no-stateful") < 0;
        bool noWarmup = Array.IndexOf(args, "--no-warmup") >= 0;

        if (clusterExe is not null && decisionPartitions != partitions)
        {
            Console.WriteLine($"  --decision-partitions {decisionPartitions} ignored: parcelstream cluster gives every topic the input's {partitions} partitions");
            decisionPartitions = partitions;
        }

        using Cluster cluster = clusterExe is null ? Cluster.InProcess(partitions, Input, decisionPartitions, brokers) : Cluster.External(clusterExe, partitions, Input, brokers);
        Console.WriteLine($"pre-loading {messages:N0} manifests into {partitions} partitions ({(clusterExe is null ? "mock cluster in this process" : $"mock cluster in process {cluster.Pid}")}; native allocator {NativeAllocator.Name})...");
        (double produceRate, long bytes) = Preload(cluster.BootstrapServers, Input, messages);
        double bytesPerManifest = bytes / (double)messages;
        Console.WriteLine($"  produced at {produceRate:N0}/s, {bytesPerManifest:0} bytes per manifest");

        // The mock cluster keeps about 5 MB (and at most 100,000 records) per partition and drops older batches, so every
        // reader is measured over what it actually retained.
        int retained = Retained(cluster.BootstrapServers, Input, partitions);
        if (retained < messages)
        {
            Console.WriteLine($"  the mock cluster retained {retained:N0} of {messages:N0}: use more --partitions for a larger run");
        }

        messages = retained;
        // One rule engine for every run: loading a pack is start-up work, whose JIT must not fall into a measured run.
        string rules = Path.Combine(AppContext.BaseDirectory, "rules", "default");
        var engine = new RuleEngine(RulePack.Load(rules), new RuleEngineOptions { Directory = rules, WatchForChanges = false });
        var peers = new List<(string Name, Phase Result)>();
        if (!workerOnly)
        {
            peers.Add(("kcat (C, librdkafka; records printed into a pipe)", Measure(cluster, messages, () => KcatRate(cluster.BootstrapServers, Input, messages, kafka))));
            peers.Add((BareName, Measure(cluster, messages, () => NativeRate(cluster.BootstrapServers, Input, messages, kafka))));
            peers.Add(("Confluent.Kafka (Consume loop, byte[])", Measure(cluster, messages, () => ConfluentRate(cluster.BootstrapServers, Input, messages, kafka))));
            peers.Add((FloorName, Measure(cluster, messages, () => PipelineFloor.Rate(cluster.BootstrapServers, Input, messages, kafka, engine))));
            foreach ((string name, Phase p) in peers)
            {
                Console.WriteLine($"  {name}: {p.Rate:N0}/s, {Micros(p.Cpu.AllMicros, messages)} us CPU per manifest ({Micros(p.Cpu.BrokerMicros, messages)} of it the mock broker)");
            }
        }

        // The JIT (tiered compilation with PGO) needs a few seconds of running code to finish: a sustained rate is measured
        // on a second worker (a new group over the same topic) in the same process, after a first one that warms it up.
        if (!noWarmup)
        {
            WorkerResult cold = RunWorker(cluster, engine, Input, messages, threads, maxInFlight, kafka, perfControl: null);
            Console.WriteLine($"  worker warm-up run: {cold.Phase.Rate:N0}/s, {Micros(cold.Phase.Cpu.AllMicros, messages)} us CPU per manifest, {cold.SteadyBytesPerManifest:0.0} B per manifest in steady state");

            // The methods the warm-up made hot are queued for tier-1 compilation on a background thread: let it finish.
            Thread.Sleep(3_000);
        }

        WorkerResult worker = RunWorker(cluster, engine, Input, messages, threads, maxInFlight, kafka, Environment.GetEnvironmentVariable("PARCELSTREAM_PERF_CONTROL"));
        Console.WriteLine($"  worker: {worker.Phase.Rate:N0}/s, {Micros(worker.Phase.Cpu.AllMicros, messages)} us CPU per manifest ({Micros(worker.Phase.Cpu.BrokerMicros, messages)} of it the mock broker); steady state {worker.Steady.Rate:N0}/s, {Micros(worker.Steady.Cpu.AllMicros, worker.SteadyCount)} us ({Micros(worker.Steady.Cpu.BrokerMicros, worker.SteadyCount)} broker); p50 {worker.P50:0.0} ms, p99 {worker.P99:0.0} ms, {worker.BytesPerManifest:0} B allocated per manifest ({worker.SteadyBytesPerManifest:0.0} B in steady state)");

        string report = Report(messages, partitions, threads, produceRate, bytesPerManifest, peers, worker, args, clusterExe is not null);
        StateOptions? stateOptions = null;
        int internalPartitions = partitions * 2;
        if (stateful)
        {
            stateOptions = new StateOptions { Enabled = true, ApplicationId = "load-" + Guid.NewGuid().ToString("N")[..8] };

            // The internal topics need more partitions than the input: auto-created with 4, or with the input's count
            // while the input is full to the mock's ~5 MB per partition, the retention drops forwarded manifests before
            // they are read back and they are never decided (the driver then stops on the stall below).
            if (!cluster.TryCreateTopic(stateOptions.RepartitionTopic, internalPartitions) || !cluster.TryCreateTopic(stateOptions.ChangelogTopic, internalPartitions))
            {
                Console.WriteLine("  stateful case skipped: an external cluster cannot create the internal topics with the input's partition count");
                stateful = false;
            }
        }

        if (stateful)
        {
            var state = new StatefulProcessing(stateOptions!, () => engine.Current);
            WorkerResult s = RunWorker(cluster, engine, Input, messages, threads, maxInFlight, kafka, perfControl: null, state);
            Console.WriteLine($"  worker, stateful stages on: {s.Phase.Rate:N0}/s ({s.Phase.Rate / worker.Phase.Rate:0.00} of stateless), p50 {s.P50:0.0} ms, p99 {s.P99:0.0} ms, {s.SteadyBytesPerManifest:0.0} B per manifest in steady state");

            // What a worker given every partition reads back before it decides: the changelog the run above left, into
            // fresh stores. Interleaved with the same restore on librdkafka's fetch backoff (1 s), the peer in this run.
            var backoff = new Dictionary<string, string>(kafka) { ["fetch.queue.backoff.ms"] = "1000" };
            var restores = new List<(double Ours, double Librdkafka, long Records)>();
            for (int round = 0; round < 2; round++)
            {
                (double ours, long records) = RestoreRate(cluster.BootstrapServers, state, internalPartitions, kafka);
                (double theirs, _) = RestoreRate(cluster.BootstrapServers, state, internalPartitions, backoff);
                restores.Add((ours, theirs, records));
                Console.WriteLine($"  changelog restore: {records:N0} records at {ours:N0}/s; with librdkafka's 1 s fetch backoff {theirs:N0}/s");
            }
            report += string.Create(
                CultureInfo.InvariantCulture,
                $"\n| stateful stages on (forward to the consignee repartition topic, decide from it, split-shipment and duplicate checks, changelog; internal topics with twice the input's partitions) | value |\n|---|---|\n| worker decisions/s | {s.Phase.Rate:N0}/s |\n| stateful / stateless (same run) | {s.Phase.Rate / worker.Phase.Rate:0.00} |\n| p50 / p99 | {s.P50:0.0} / {s.P99:0.0} ms |\n| managed bytes per manifest, steady state | {s.SteadyBytesPerManifest:0.0} |\n| decisions RELEASE / HOLD / INSPECT / DLQ | {s.Release:N0} / {s.Hold:N0} / {s.Inspect:N0} / {s.Dead:N0} |\n"
                + $"| changelog restore into fresh stores, all {internalPartitions} partitions ({restores[0].Records:N0} records), two rounds | {string.Join(", ", restores.Select(r => r.Ours.ToString("N0", CultureInfo.InvariantCulture)))} records/s |\n| the same with librdkafka's fetch.queue.backoff.ms (1,000), interleaved | {string.Join(", ", restores.Select(r => r.Librdkafka.ToString("N0", CultureInfo.InvariantCulture)))} records/s |\n| ours / librdkafka's | {string.Join(", ", restores.Select(r => (r.Ours / r.Librdkafka).ToString("0.00", CultureInfo.InvariantCulture)))} |\n");
        }

        Console.WriteLine();
        Console.WriteLine(report);
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report);
        }

        return 0;
    }

    /// <summary>Restores every changelog partition into fresh stores, as a worker does when it is given them; returns records/s and records.</summary>
    private static (double Rate, long Records) RestoreRate(string bootstrap, StatefulProcessing state, int partitions, Dictionary<string, string> kafka)
    {
        var stores = new PartitionStores<ConsigneeKey, ParcelWindow, ParcelWindowCodec>(
            StateOptions.SplitStoreName, state.Options.ChangelogTopic, bootstrap, kafka, state.Settings.Window, TimeSpan.FromMinutes(10));
        long started = Stopwatch.GetTimestamp();
        long records = stores.OnAssigned([.. Enumerable.Range(0, partitions)]);
        return (records / Stopwatch.GetElapsedTime(started).TotalSeconds, records);
    }

    /// <summary>Runs one raw peer between two CPU snapshots.</summary>
    private static Phase Measure(Cluster cluster, int count, Func<double> run)
    {
        CpuSnapshot before = CpuSnapshot.Take(cluster.Pid);
        var clock = Stopwatch.StartNew();
        double rate = run();
        return new Phase(rate, PhaseCpu.Between(before, CpuSnapshot.Take(cluster.Pid), clock.Elapsed));
    }

    private static (double Rate, long Bytes) Preload(string bootstrap, string topic, int count)
    {
        ProducerConfig config = ManifestPublisher.ThroughputConfig(bootstrap);
        config.QueueBufferingMaxMessages = 1_000_000;

        // Batches full to batch.size (about 2,700 manifests), not cut by a 5 ms linger at whatever pace the generator
        // reached: the mock broker returns one batch per partition per fetch and scans a partition's batches to find the
        // fetch offset, so small batches made every reader's rate, and the broker's CPU, depend on the pre-load's speed.
        config.LingerMs = 1_000;
        PublishSummary summary = new ManifestPublisher(config).Publish(new ManifestGenerator(new GeneratorOptions { Seed = 7 }), topic, count, 0, MessageFraming.Confluent, MessageKey.TrackingNumber);
        if (summary.Delivered != count)
        {
            throw new InvalidOperationException($"pre-load delivered {summary.Delivered} of {count}: {summary.FirstError}");
        }

        return (summary.MessagesPerSecond, summary.Bytes);
    }

    /// <summary>
    /// kcat reading the topic from the beginning and printing each record's offset into a pipe, with the worker's
    /// consumer defaults and the run's consumer settings (-X); timed from its first record, as the other readers are, so
    /// that its process start and metadata requests are not counted.
    /// </summary>
    private static double KcatRate(string bootstrap, string topic, int count, Dictionary<string, string> kafka)
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\n" })
        {
            start.ArgumentList.Add(a);
        }

        HashSet<string> known = KcatProperties();
        foreach ((string key, string value) in KafkaSettings.WithConsumerDefaults(kafka.Where(kv => KafkaSettings.ConsumerOnly.Contains(kv.Key))))
        {
            // Debian's kcat runs on the system's librdkafka, which may predate a property (fetch.queue.backoff.ms came
            // in 2.3; kcat's per-partition queues, 64 MB each, do not fill from the mock's 5 MB partitions anyway).
            if (!known.Contains(key))
            {
                continue;
            }

            start.ArgumentList.Add("-X");
            start.ArgumentList.Add($"{key}={value}");
        }

        using Process p = Process.Start(start)!;
        int lines = 0;
        Stopwatch? clock = null;
        while (p.StandardOutput.ReadLine() is not null)
        {
            clock ??= Stopwatch.StartNew();
            lines++;
        }

        p.WaitForExit();
        clock?.Stop();
        if (lines != count || clock is null)
        {
            throw new InvalidOperationException($"kcat read {lines} of {count}: {p.StandardError.ReadToEnd()}");
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The librdkafka properties kcat's librdkafka knows (<c>kcat -X list</c>).</summary>
    private static HashSet<string> KcatProperties()
    {
        var start = new ProcessStartInfo("kcat") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("list");
        using Process p = Process.Start(start)!;
        string listing = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return [.. listing.Split('\n').Select(line => line.Split('|')[0].Trim()).Where(name => name.Length > 0)];
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

    /// <summary>Bare librdkafka: the worker's own native consumer (same settings), polled in a loop that only counts.</summary>
    private static double NativeRate(string bootstrap, string topic, int count, Dictionary<string, string> kafka)
    {
        var pool = new SlotPool();
        using var consumer = new NativeConsumer(BareConsumerSettings(bootstrap, kafka, "native-"), new NoRebalanceWork(), pool);
        consumer.Subscribe(topic);
        int seen = 0;
        Stopwatch? clock = null;
        while (seen < count)
        {
            if (consumer.Poll(1000, out _) is { } slot)
            {
                clock ??= Stopwatch.StartNew();
                seen++;
                pool.Return(slot);
            }
        }

        double rate = count / clock!.Elapsed.TotalSeconds;
        consumer.Close();
        return rate;
    }

    /// <summary>The worker's consumer settings for a bare native consumer in a group of its own, reading from the beginning.</summary>
    internal static Dictionary<string, string> BareConsumerSettings(string bootstrap, Dictionary<string, string> kafka, string groupPrefix)
    {
        var settings = new Dictionary<string, string>(kafka, StringComparer.Ordinal)
        {
            ["bootstrap.servers"] = bootstrap,
            ["group.id"] = groupPrefix + Guid.NewGuid().ToString("N"),
            ["enable.auto.commit"] = "false",
            ["enable.auto.offset.store"] = "false",
            ["auto.offset.reset"] = "earliest",
            ["partition.assignment.strategy"] = "cooperative-sticky",
        };
        KafkaSettings.AddConsumerDefaults(settings);
        return settings;
    }

    /// <summary>Confluent.Kafka's Consume loop with the bare peer's settings.</summary>
    private static double ConfluentRate(string bootstrap, string topic, int count, Dictionary<string, string> kafka)
    {
        var config = new ConsumerConfig(BareConsumerSettings(bootstrap, kafka, "raw-"));
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

    /// <summary>
    /// Runs a worker over the topic until every manifest is acknowledged. With <c>perfControl</c>, a
    /// <c>perf stat --control fifo:PATH</c> control fifo (environment PARCELSTREAM_PERF_CONTROL), perf counts exactly
    /// this run, so that instruction counts compare worker versions without the pre-load and the peers.
    /// </summary>
    private static WorkerResult RunWorker(Cluster cluster, RuleEngine engine, string topic, int count, int threads, int maxInFlight, Dictionary<string, string> kafka, string? perfControl, StatefulProcessing? stateful = null)
    {
        var options = new WorkerOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "worker-" + Guid.NewGuid().ToString("N"),
            InputTopic = topic,
            DecisionTopic = "decisions",
            DeadLetterTopic = "dlq",
            ProcessingThreads = threads,
            MaxInFlight = maxInFlight,
        };
        using IDecisionWorker worker = DecisionWorkerFactory.Create(options, new RulesStage(engine), SchemaRegistry.Default, CodecLimits.Default, kafka, NullLogger.Instance, stateful);
        GC.Collect();
        CpuSnapshot cpuBefore = CpuSnapshot.Take(cluster.Pid);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        PerfControl(perfControl, "enable");
        worker.Start();
        Stopwatch? clock = null;
        long steadyFrom = count / 5;
        long steadyAllocated = -1;
        CpuSnapshot? steadyCpu = null;
        Stopwatch? steadyClock = null;
        long progress = -1;
        var sinceProgress = Stopwatch.StartNew();
        while (worker.Counters.Acknowledged < count)
        {
            if (worker.Counters.Acknowledged != progress)
            {
                progress = worker.Counters.Acknowledged;
                sinceProgress.Restart();
            }
            else if (sinceProgress.Elapsed > TimeSpan.FromSeconds(60))
            {
                // Records the mock's retention dropped (see the stateful case) would otherwise be waited for forever.
                throw new InvalidOperationException($"worker stalled: {progress:N0} of {count:N0} acknowledged and no progress for 60 s ({worker.Counters.Consumed:N0} consumed, {worker.Counters.DeadLettered:N0} dead-lettered)");
            }

            if (clock is null && worker.Counters.Consumed > 0)
            {
                clock = Stopwatch.StartNew();
            }

            // After the first fifth the slot pool, buffers and JIT are warm: what is allocated from here on is per manifest.
            if (steadyAllocated < 0 && worker.Counters.Acknowledged >= steadyFrom)
            {
                // The CPU snapshot allocates (it reads /proc): taken before the allocation count starts, and after it ends.
                steadyCpu = CpuSnapshot.Take(cluster.Pid);
                steadyClock = Stopwatch.StartNew();
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
        PerfControl(perfControl, "disable");
        long end = GC.GetTotalAllocatedBytes(precise: true);
        CpuSnapshot cpuAfter = CpuSnapshot.Take(cluster.Pid);
        var cpu = PhaseCpu.Between(cpuBefore, cpuAfter, wall.Elapsed);
        var steady = PhaseCpu.Between(steadyCpu!, cpuAfter, steadyClock!.Elapsed);
        long allocated = end - allocatedBefore;
        double steadyPerManifest = (end - steadyAllocated) / (double)Math.Max(1, count - steadyFrom);
        worker.StopAsync().GetAwaiter().GetResult();
        WorkerCounters c = worker.Counters;
        return new WorkerResult(
            new Phase(count / clock.Elapsed.TotalSeconds, cpu),
            new Phase((count - steadyFrom) / steadyClock.Elapsed.TotalSeconds, steady),
            (int)(count - steadyFrom),
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

    private static string Report(int messages, int partitions, int threads, double produceRate, double bytesPerManifest, List<(string Name, Phase Result)> peers, WorkerResult w, string[] args, bool externalCluster)
    {
        var sb = new StringBuilder();
        string broker = externalCluster ? "mock broker (separate process)" : "mock broker (thread in this process)";
        sb.AppendLine(CultureInfo.InvariantCulture, $"{messages:N0} manifests retained ({bytesPerManifest:0} bytes each, Confluent framing, {partitions} partitions) at {produceRate:N0}/s; load average {LoadAverage()}; native allocator {NativeAllocator.Name}.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| reader | rate/s | CPU us per manifest, all | of it the {broker} | without the broker | cores busy | worker rate / this rate | worker CPU / this CPU (without broker) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, Phase p) in peers.Append(("**worker** (decode + default rule pack + produce + ack + commit, " + w.Lanes + " lanes)", w.Phase)))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {p.Rate:N0} | {Micros(p.Cpu.AllMicros, messages)} | {Micros(p.Cpu.BrokerMicros, messages)} | {Micros(p.Cpu.ClientMicros, messages)} | {p.Cpu.AllMicros / (double)p.Cpu.WallMicros:0.00} | {w.Phase.Rate / p.Rate:0.00} | {w.Phase.Cpu.ClientMicros / (double)p.Cpu.ClientMicros:0.00} |");
        }

        if (peers.Find(p => p.Name == FloorName).Result is { } floor && peers.Find(p => p.Name == BareName).Result is { } bare)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| (pipeline floor / bare librdkafka: the most any worker producing one record per record could reach) | {floor.Rate / bare.Rate:0.00} | | | | | | |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"| worker, steady state (after the first fifth: JIT and pools warm) | {w.Steady.Rate:N0} | {Micros(w.Steady.Cpu.AllMicros, w.SteadyCount)} | {Micros(w.Steady.Cpu.BrokerMicros, w.SteadyCount)} | {Micros(w.Steady.Cpu.ClientMicros, w.SteadyCount)} | {w.Steady.Cpu.AllMicros / (double)w.Steady.Cpu.WallMicros:0.00} | | |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Worker phase CPU by thread (us per manifest): {string.Join(", ", w.Phase.Cpu.Threads.Take(12).Select(t => $"{t.Group} {Micros(t.Micros, messages)}"))}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Steady state: {string.Join(", ", w.Steady.Cpu.Threads.Take(12).Select(t => $"{t.Group} {Micros(t.Micros, w.SteadyCount)}"))}.");
        sb.AppendLine();
        sb.AppendLine("| worker | value |");
        sb.AppendLine("|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| service latency p50 / p99 (received to decision acknowledged) | {w.P50:0.0} / {w.P99:0.0} ms |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| managed bytes allocated per manifest, whole run incl. warm-up (GC.GetTotalAllocatedBytes, whole process) | {w.BytesPerManifest:0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| managed bytes allocated per manifest, steady state (after the first fifth) | {w.SteadyBytesPerManifest:0.0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| decisions RELEASE / HOLD / INSPECT / DLQ | {w.Release:N0} / {w.Hold:N0} / {w.Inspect:N0} / {w.Dead:N0} |");
        sb.AppendLine();
        string command = NativeAllocator.Name == "jemalloc" ? $"make load LOAD_ARGS=\"{string.Join(' ', args)}\"" : $"dotnet run -c Release --project perf/ParcelStream.LoadDriver -- {string.Join(' ', args)}";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` (threads {threads}, native allocator {NativeAllocator.Name}).");
        return sb.ToString();
    }

    private static void PerfControl(string? fifo, string command)
    {
        if (fifo is not null)
        {
            File.AppendAllText(fifo, command + "\n");
        }
    }

    private static string Micros(long micros, int messages) => (micros / (double)messages).ToString("0.00", CultureInfo.InvariantCulture);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

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

    /// <summary>Every <c>--kafka key=value</c>: librdkafka settings for the worker's clients and the bare librdkafka peer.</summary>
    private static Dictionary<string, string> KafkaArgs(string[] args)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--kafka" && args[i + 1].Split('=', 2) is [string key, string value])
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    private sealed record Phase(double Rate, PhaseCpu Cpu);

    private sealed record WorkerResult(Phase Phase, Phase Steady, int SteadyCount, double P50, double P99, double BytesPerManifest, double SteadyBytesPerManifest, long Release, long Hold, long Inspect, long Dead, int Lanes);

    /// <summary>The bare consumer has no work to finish or commit on a rebalance.</summary>
    internal sealed class NoRebalanceWork : ConsumerEvents
    {
        public override void OnAssigned(List<TopicPartition> partitions)
        {
        }

        public override void OnRevoked(List<TopicPartition> partitions)
        {
        }

        public override void OnLost(List<TopicPartition> partitions)
        {
        }
    }
}
