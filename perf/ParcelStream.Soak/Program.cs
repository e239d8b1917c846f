using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParcelStream.DevTools.Mock;

namespace ParcelStream.Soak;

/// <summary>
/// The soak run of issue 13: N manifests (default 2,000,000) with 1 % hostile messages (garbage, truncated, 70 headers,
/// null, and some of 999,850 bytes) produced at a steady rate into the embedded Kafka, decided by the real worker process
/// (`parcelstream run` with the shipped k8s settings and memory limit) that is killed with SIGKILL twice and restarted
/// as Kubernetes would, then stopped with SIGTERM. Checks that every input record has a decision or a dead-letter
/// record (0 lost), that duplicates are identical, that every hostile message is dead-lettered with a code, that the
/// worker never exited on its own; reports peak memory and the recovery time after each kill.
/// Usage: dotnet run -c Release --project perf/ParcelStream.Soak -- [--messages N] [--rate R] [--partitions P]
/// [--hostile-every N] [--oversized-every N] [--kills K] [--seed S] [--out FILE] [--set Key=Value ...].
/// Exit code 0 when every check holds, 1 otherwise.
/// </summary>
internal static partial class Program
{
    private const string Input = "parcels.manifests";
    private const string DeadLetter = "parcels.manifests.dlq";
    private static readonly string[] s_decisionTopics = ["parcels.decisions.release", "parcels.decisions.hold", "parcels.decisions.inspect"];

    /// <summary>Inspection feedback's topics (on by default in the shipped settings), created up front as an SRE would.</summary>
    private static readonly string[] s_feedbackTopics = ["parcels.inspection-results", "parcels.inspection-results.dlq", "parcels.feedback.decided", "parcels.feedback.results-by-manifest", "parcels.feedback.stats"];

    private static int Main(string[] args)
    {
        long messages = LongArg(args, "--messages", 2_000_000);
        int rate = (int)LongArg(args, "--rate", 15_000);
        int partitions = (int)LongArg(args, "--partitions", 64);
        int hostileEvery = (int)LongArg(args, "--hostile-every", 100);
        int oversizedEvery = (int)LongArg(args, "--oversized-every", 1_000);
        int kills = (int)LongArg(args, "--kills", 2);
        ulong seed = (ulong)LongArg(args, "--seed", 13);
        string? outFile = StringArg(args, "--out");
        List<string> extra = [.. SetArgs(args)];

        string repo = Metadata("RepoRoot");
        string hostDll = Metadata("HostDll");
        if (!File.Exists(hostDll))
        {
            Console.Error.WriteLine($"soak: {hostDll} is missing: build the host first (make build).");
            return 2;
        }

        (long limitBytes, Dictionary<string, string> dotnetEnv) = ShippedMemorySettings(Path.Combine(repo, "k8s", "base", "deployment.yaml"));
        string runDir = Directory.CreateTempSubdirectory("parcelstream-soak-").FullName;
        string log = Path.Combine(runDir, "worker.log");
        string command = $"dotnet run -c Release --project perf/ParcelStream.Soak -- {string.Join(' ', args)}".TrimEnd();
        Console.WriteLine($"soak: {messages:N0} manifests at {rate:N0}/s into {partitions} partitions, 1 in {hostileEvery} hostile, {kills} kill -9s; worker log {log}");

        using var cluster = new MockCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        foreach (string topic in s_decisionTopics.Concat(s_feedbackTopics).Append(Input).Append(DeadLetter))
        {
            cluster.CreateTopic(topic, partitions);
        }

        using MemoryLimit limit = MemoryLimit.Create(limitBytes);
        Dictionary<string, string> env = new(dotnetEnv);
        if (!limit.Enforced && env.Remove("DOTNET_GCHeapHardLimitPercent", out string? percent))
        {
            // Without a cgroup the percentage would apply to the whole machine's memory: give the heap its share of the pod's limit.
            long share = long.Parse(percent.AsSpan(percent.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            env["DOTNET_GCHeapHardLimit"] = "0x" + (limitBytes * share / 100).ToString("X", CultureInfo.InvariantCulture);
        }

        if (ImageAllocator(Path.Combine(repo, "Dockerfile")) is { } preload)
        {
            env["LD_PRELOAD"] = preload;
            if (MallocConfRegex().Match(File.ReadAllText(Path.Combine(repo, "Dockerfile"))) is { Success: true } conf)
            {
                env["MALLOC_CONF"] = conf.Groups[1].Value;
            }
        }

        Console.WriteLine($"  memory: {limit.Description}; worker environment: {string.Join(", ", env.Select(e => $"{e.Key}={e.Value}"))}");
        string settings = WorkerSettings(repo, runDir, cluster.BootstrapServers, hostDll);
        List<string> workerArgs = ["--config", settings, .. extra.Select(e => $"--{e}")];

        var producer = new SoakProducer(cluster.BootstrapServers, Input, partitions);
        using var ledger = new DecisionLedger(cluster.BootstrapServers, s_decisionTopics, DeadLetter, partitions);
        var incarnations = new List<(SoakWorker Worker, string Ended)>();
        var recoveries = new List<(long KillMillis, long RestartMillis)>();
        int unexpectedExits = 0;
        SoakWorker worker = SoakWorker.Start(hostDll, limit, workerArgs, env, log);
        long produced = 0;
        var producing = new Thread(() => producer.Run(messages, rate, hostileEvery, oversizedEvery, seed, n => Interlocked.Exchange(ref produced, n))) { Name = "producer" };
        var clock = Stopwatch.StartNew();
        producing.Start();
        int killed = 0;
        while (producing.IsAlive)
        {
            Thread.Sleep(200);
            if (worker.ExitedOnItsOwn)
            {
                unexpectedExits++;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0}s worker exited on its own with {worker.ExitCode}: restarted (as Kubernetes would)");
                incarnations.Add((worker, $"exited on its own ({worker.ExitCode})"));
                worker = SoakWorker.Start(hostDll, limit, workerArgs, env, log);
            }

            if (killed < kills && Interlocked.Read(ref produced) >= messages * (killed + 1) / (kills + 1))
            {
                long killAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                worker.Kill();
                incarnations.Add((worker, "kill -9"));
                worker = SoakWorker.Start(hostDll, limit, workerArgs, env, log);
                recoveries.Add((killAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                killed++;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0}s kill -9 #{killed} after {Interlocked.Read(ref produced):N0} produced; restarted");
            }
        }

        Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:0}s produced {producer.Delivered:N0} (failed {producer.Failed}{(producer.FirstError is null ? string.Empty : ": " + producer.FirstError)}); waiting for every record to be decided or dead-lettered");
        long total = Enumerable.Range(0, partitions).Sum(p => producer.EndOffset(p));
        long covered = WaitCovered(producer, ledger, partitions, total, () =>
        {
            if (worker.ExitedOnItsOwn)
            {
                unexpectedExits++;
                incarnations.Add((worker, $"exited on its own ({worker.ExitCode})"));
                worker = SoakWorker.Start(hostDll, limit, workerArgs, env, log);
            }
        });
        var stopping = Stopwatch.StartNew();
        bool stopped = worker.Terminate(TimeSpan.FromSeconds(90));
        incarnations.Add((worker, stopped ? $"SIGTERM: exit {worker.ExitCode} after {stopping.Elapsed.TotalSeconds:0.0}s" : "SIGTERM: did not exit in 90 s"));
        Thread.Sleep(2_000);
        var report = Report.Build(new Report.Inputs(
            command, messages, rate, partitions, hostileEvery, limit, env, producer, ledger, total, covered, incarnations, recoveries, unexpectedExits, clock.Elapsed, extra));
        foreach ((SoakWorker w, _) in incarnations)
        {
            w.Dispose();
        }

        Console.WriteLine(report.Text);
        if (outFile is not null)
        {
            File.WriteAllText(outFile, report.Text);
            Console.WriteLine($"soak: report written to {outFile}");
        }

        if (!report.Passed)
        {
            Console.WriteLine($"soak: FAILED; worker log: {log}");
        }

        return report.Passed ? 0 : 1;
    }

    /// <summary>Waits until every input record is accounted for, or until nothing has moved for three minutes.</summary>
    private static long WaitCovered(SoakProducer producer, DecisionLedger ledger, int partitions, long total, Action watch)
    {
        long covered = 0;
        var idle = Stopwatch.StartNew();
        while (idle.Elapsed < TimeSpan.FromMinutes(3))
        {
            watch();
            long now = 0;
            for (int p = 0; p < partitions; p++)
            {
                for (long o = 0; o < producer.EndOffset(p); o++)
                {
                    now += ledger.TryGet(p, o, out _) ? 1 : 0;
                }
            }

            if (now > covered)
            {
                covered = now;
                idle.Restart();
            }

            if (covered == total)
            {
                break;
            }

            Thread.Sleep(2_000);
        }

        return covered;
    }

    /// <summary>
    /// The allocator the image preloads (Dockerfile <c>ENV LD_PRELOAD=</c>), found on this machine, or null when the image
    /// preloads none: native memory under glibc's arenas and under jemalloc differ by tens of MB with librdkafka.
    /// </summary>
    private static string? ImageAllocator(string dockerfile)
    {
        Match m = PreloadRegex().Match(File.ReadAllText(dockerfile));
        if (!m.Success)
        {
            return null;
        }

        string name = Path.GetFileName(m.Groups[1].Value);
        string[] dirs = ["/usr/local/lib", "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib"];
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{dockerfile} preloads {name}, which is not installed here: run scripts/setup.sh (make soak does) or apt-get install libjemalloc2.");
    }

    /// <summary>The pod's memory limit and the DOTNET_* environment of the shipped deployment, read from its YAML.</summary>
    private static (long LimitBytes, Dictionary<string, string> Env) ShippedMemorySettings(string deployment)
    {
        string yaml = File.ReadAllText(deployment);
        Match limits = LimitRegex().Match(yaml);
        if (!limits.Success)
        {
            throw new InvalidDataException($"{deployment}: no 'limits: ... memory: NMi' found.");
        }

        var env = new Dictionary<string, string>();
        foreach (Match m in DotnetEnvRegex().Matches(yaml))
        {
            env[m.Groups[1].Value] = m.Groups[2].Value;
        }

        return (long.Parse(limits.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 * 1024, env);
    }

    /// <summary>k8s/base/settings.json with the embedded cluster's servers, the repository's default pack and a free metrics port.</summary>
    private static string WorkerSettings(string repo, string runDir, string bootstrap, string hostDll)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, "k8s", "base", "settings.json")))!;
        JsonNode section = root["ParcelStream"]!;
        section["Worker"]!["BootstrapServers"] = bootstrap;
        section["Rules"]!["Directory"] = Path.Combine(Path.GetDirectoryName(hostDll)!, "rules", "default");
        section["Metrics"]!["Port"] = 0;
        string file = Path.Combine(runDir, "settings.json");
        File.WriteAllText(file, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return file;
    }

    private static string Metadata(string key) =>
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static long LongArg(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static IEnumerable<string> SetArgs(string[] args)
    {
        for (int i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--set")
            {
                yield return args[i + 1];
            }
        }
    }

    [GeneratedRegex(@"limits:\s*\n(?:\s+\w+:.*\n)*?\s+memory:\s*(\d+)Mi")]
    private static partial Regex LimitRegex();

    [GeneratedRegex(@"^ENV LD_PRELOAD=(\S+)", RegexOptions.Multiline)]
    private static partial Regex PreloadRegex();

    [GeneratedRegex(@"^ENV MALLOC_CONF=(\S+)", RegexOptions.Multiline)]
    private static partial Regex MallocConfRegex();

    [GeneratedRegex(@"- name: (DOTNET_\w+)\s*\n\s*value:\s*""([^""]*)""")]
    private static partial Regex DotnetEnvRegex();
}
