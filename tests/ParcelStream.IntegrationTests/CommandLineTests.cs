using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ParcelStream.IntegrationTests.Worker;

namespace ParcelStream.IntegrationTests;

/// <summary>`parcelstream cluster` and `parcelstream generate` as child processes, checked with kcat.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Cluster_StartedAsAProcess_PrintsBootstrapLineKcatUsesAndStopsCleanlyOnSigterm()
    {
        using HostProcess cluster = HostProcess.Start("cluster", "--brokers", "2", "--partitions", "3", "--topic", "extra.topic");
        string bootstrap = cluster.WaitForLine("export BOOTSTRAP=", s_startTimeout);

        string metadata = Encoding.UTF8.GetString(Kcat.Run(["-b", bootstrap, "-L"]));
        Assert.Contains("2 brokers:", metadata, StringComparison.Ordinal);
        foreach (string topic in new[] { "parcels.manifests", "parcels.decisions.release", "parcels.decisions.hold", "parcels.decisions.inspect", "parcels.manifests.dlq", "extra.topic" })
        {
            Assert.Contains($"topic \"{topic}\" with 3 partitions", metadata, StringComparison.Ordinal);
        }

        string file = Path.Combine(Path.GetTempPath(), $"cluster-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(file, ["one", "two", "three"]);
        try
        {
            Kcat.Run(["-b", bootstrap, "-P", "-t", "extra.topic", "-p", "0", "-l", file]);
        }
        finally
        {
            File.Delete(file);
        }

        string consumed = Encoding.UTF8.GetString(Kcat.Run(["-b", bootstrap, "-C", "-t", "extra.topic", "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%o %s\n"]));
        Assert.Equal("0 one\n1 two\n2 three\n", consumed);

        cluster.Terminate();
        Assert.True(cluster.WaitForExit(TimeSpan.FromSeconds(15)), "the cluster did not stop after SIGTERM");
        Assert.Equal(0, cluster.ExitCode);
        Assert.Contains("cluster: stopped", cluster.StandardError, StringComparison.Ordinal);
        Assert.Single(cluster.StandardOutput, line => line.StartsWith("export BOOTSTRAP=127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_IntoTheClusterProcess_SendsEveryMessageAndKcatCountsThem()
    {
        using HostProcess cluster = HostProcess.Start("cluster", "--partitions", "4");
        string bootstrap = cluster.WaitForLine("export BOOTSTRAP=", s_startTimeout);

        using HostProcess generate = HostProcess.Start("generate", "--bootstrap-servers", bootstrap, "--count", "1500", "--seed", "9", "--framing", "single-object", "--key", "ManifestId");
        Assert.True(generate.WaitForExit(TimeSpan.FromSeconds(60)), "generate did not finish");

        Assert.True(generate.ExitCode == 0, $"generate exited {generate.ExitCode}: {generate.StandardError}");
        Assert.Contains(generate.StandardOutput, line => line.StartsWith("sent 1500 of 1500 (0 failed)", StringComparison.Ordinal));
        string keys = Encoding.UTF8.GetString(Kcat.Run(["-b", bootstrap, "-C", "-t", "parcels.manifests", "-o", "beginning", "-e", "-q", "-f", "%k\n"]));
        string[] lines = keys.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1500, lines.Length);
        Assert.All(lines, k => Assert.StartsWith("MF-", k, StringComparison.Ordinal));
        Assert.Equal(1500, lines.Distinct(StringComparer.Ordinal).Count());
        cluster.Terminate();
        Assert.True(cluster.WaitForExit(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public void Generate_Out_WritesAContainerFileWithEveryManifest()
    {
        string path = Path.Combine(Path.GetTempPath(), $"generate-{Guid.NewGuid():N}.avro");
        try
        {
            using HostProcess generate = HostProcess.Start("generate", "--out", path, "--count", "700", "--seed", "3");
            Assert.True(generate.WaitForExit(TimeSpan.FromSeconds(60)), "generate did not finish");

            Assert.True(generate.ExitCode == 0, $"generate exited {generate.ExitCode}: {generate.StandardError}");
            Assert.Contains(generate.StandardOutput, line => line.StartsWith("sent 700 of 700 (0 failed)", StringComparison.Ordinal));
            using ParcelStream.Codec.Container.AvroContainerFile file = ParcelStream.Codec.Container.AvroContainerFile.Open(path);
            int datums = 0;
            while (file.TryRead(out _))
            {
                datums++;
            }

            Assert.Equal(700, datums);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Dev_SmallRun_ComposedLikeRunDecidesEveryManifestAndPrintsTheSummary(string stateful)
    {
        // make run runs dev: the embedded cluster, the generator, and the worker host built by run's own composition.
        using HostProcess dev = HostProcess.Start("dev", "--count", "3000", "--partitions", "3", "--threads", "2", "--metrics-port", "-1", $"--stateful={stateful}");
        Assert.True(dev.WaitForExit(TimeSpan.FromSeconds(120)), "dev did not finish");

        Assert.True(dev.ExitCode == 0, $"exit {dev.ExitCode}: {dev.StandardError}");
        string summary = string.Join('\n', dev.StandardOutput);
        Assert.Matches(@"manifests consumed\s+│\s+3,000", summary);
        Assert.Matches(@"acknowledged by the broker\s+│\s+3,000", summary);
        Assert.Matches(@"delivery failures\s+│\s+0 ", summary);
        Assert.Equal(stateful == "true", summary.Contains("split shipments held", StringComparison.Ordinal));

        // Feedback on by default: the simulated desk inspects every INSPECT (found when the generator planted something)
        // and the summary shows the rules' hit rates from the statistics the worker's feedback stage wrote.
        Match desk = Regex.Match(summary, @"inspection desk: ([\d,]+) inspected, ([\d,]+) found");
        Assert.True(desk.Success, summary);
        Assert.True(int.Parse(desk.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) > 0, desk.Value);
        Assert.Contains("Rule hit rates from inspection feedback", summary, StringComparison.Ordinal);
        Assert.Matches(@"prohibited-goods-hs\s+│\s+\d+\s+│\s+[1-9]", summary);
    }

    [Fact]
    public void Generate_NoBrokerAnswersThenSigterm_StopsWithinSecondsAndLogsFewLines()
    {
        // Nothing listens on port 1: every message waits for a broker until message.timeout.ms (5 minutes). The stop used
        // to be ignored for those minutes while librdkafka wrote a raw line to stderr every 50-100 ms.
        using HostProcess generate = HostProcess.Start("generate", "--bootstrap-servers", "127.0.0.1:1", "--count", "100");
        Thread.Sleep(TimeSpan.FromSeconds(4));
        generate.Terminate();
        var stopping = System.Diagnostics.Stopwatch.StartNew();

        Assert.True(generate.WaitForExit(TimeSpan.FromSeconds(20)), "generate still running 20 s after SIGTERM");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stopped after {stopping.Elapsed}");
        Assert.NotEqual(0, generate.ExitCode);
        Assert.Contains(generate.StandardOutput, line => line.StartsWith("sent 0 of 100 (0 failed, 100 unconfirmed when stopped)", StringComparison.Ordinal));
        string[] librdkafka = [.. generate.StandardError.Split('\n').Where(l => l.Contains("librdkafka", StringComparison.Ordinal))];
        Assert.NotEmpty(librdkafka);
        Assert.All(librdkafka, l => Assert.Contains("ParcelStream.Kafka", l, StringComparison.Ordinal));
        Assert.True(librdkafka.Length <= 4 * ParcelStream.Pipeline.Kafka.KafkaLog.LinesPerWindow, $"{librdkafka.Length} librdkafka lines in about 10 s");
    }

    [Fact]
    public void Generate_NeitherBootstrapNorOut_ExitsWithUsageError()
    {
        using HostProcess generate = HostProcess.Start("generate", "--count", "1");
        Assert.True(generate.WaitForExit(TimeSpan.FromSeconds(30)));

        Assert.Equal(2, generate.ExitCode);
        Assert.Contains("--out", generate.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesCheck_PackWithAYamlTypo_ExitsOneWithTheFileLineErrorAndNoTrace()
    {
        // Issue 13: `printf 'x: [a\ny: 1\n' > $PACK/extra.yaml` made `rules check` crash with an InvalidOperationException trace.
        string pack = CopyOfDefaultPackWith("extra.yaml", "x: [a\ny: 1\n");
        try
        {
            using HostProcess check = HostProcess.Start("rules", "check", pack);
            Assert.True(check.WaitForExit(TimeSpan.FromSeconds(60)), "rules check did not finish");

            string[] lines = check.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(check.ExitCode == 1, $"rules check exited {check.ExitCode}: {check.StandardError}");
            Assert.Equal(2, lines.Length);
            Assert.StartsWith($"{pack}/extra.yaml:1: YAML syntax: ", lines[0], StringComparison.Ordinal);
            Assert.Equal($"{pack}: 1 error", lines[1]);
        }
        finally
        {
            Directory.Delete(pack, recursive: true);
        }
    }

    [Fact]
    public void Run_PackWithAYamlTypo_ExitsTwoWithOneLine()
    {
        // Issue 13: a worker restarted on that pack exited 1 with a 43-line trace; a bad pack must stop start-up with exit 2 and one line.
        string pack = CopyOfDefaultPackWith("extra.yaml", "x: [a\ny: 1\n");
        try
        {
            using HostProcess run = HostProcess.Start("run", $"--ParcelStream:Rules:Directory={pack}", "--ParcelStream:Worker:BootstrapServers=127.0.0.1:1");
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(60)), "run did not stop on the bad pack");

            string[] lines = run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(run.ExitCode == 2, $"run exited {run.ExitCode}: {run.StandardError}");
            string line = Assert.Single(lines);
            Assert.StartsWith($"parcelstream run: invalid rule pack: {pack}/extra.yaml:1: YAML syntax: ", line, StringComparison.Ordinal);
            Assert.Empty(run.StandardOutput);
        }
        finally
        {
            Directory.Delete(pack, recursive: true);
        }
    }

    /// <summary>Copies the shipped pack (next to the host) to a temporary directory and adds one file.</summary>
    private static string CopyOfDefaultPackWith(string name, string text)
    {
        string pack = Path.Combine(Path.GetTempPath(), $"pack-{Guid.NewGuid():N}");
        Directory.CreateDirectory(pack);
        foreach (string file in Directory.GetFiles(StatefulHarness.DefaultRules))
        {
            File.Copy(file, Path.Combine(pack, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(pack, name), text);
        return pack;
    }
}
