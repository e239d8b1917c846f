using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// `parcelstream run` given a setting it cannot work with: it stops start-up with exit code 2 and one line naming the
/// key, instead of ignoring a typo, printing a stack trace, or retrying an unreachable cluster for ever.
/// </summary>
public sealed class StartupFailureTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("ParcelStream:Worker:MaxInFlightt", "5", "ParcelStream:Worker:MaxInFlight")]
    [InlineData("ParcelStream:State:Enable", "true", "ParcelStream:State:Enabled")]
    [InlineData("ParcelStream:Metrics:Prot", "9999", "ParcelStream:Metrics:Port")]
    [InlineData("ParcelStream:Wroker:GroupId", "g", "ParcelStream:Worker:GroupId")]
    public async Task Run_MisspeltKey_ExitsTwoNamingTheKeyAndTheNearestValidOne(string key, string value, string nearest)
    {
        Dictionary<string, string> settings = Settings();
        settings[key] = value;

        string output = await RunToExitAsync(settings, expectedExit: 2);
        Assert.Contains(key, output, StringComparison.Ordinal);
        Assert.Contains($"did you mean {nearest}?", output, StringComparison.Ordinal);
        Assert.Single(Lines(output));
    }

    [Theory]
    [InlineData("ParcelStream:Kafka:sesion.timeout.ms", "6000", "No such configuration property")]
    [InlineData("ParcelStream:Kafka:session.timeout.ms", "soon", "Invalid value")]
    public async Task Run_KafkaPropertyLibrdkafkaRejects_ExitsTwoNamingTheKey(string key, string value, string reason)
    {
        Dictionary<string, string> settings = Settings();
        settings[key] = value;

        string output = await RunToExitAsync(settings, expectedExit: 2);
        Assert.Contains(key, output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.Single(Lines(output));
    }

    [Theory]
    [InlineData("ParcelStream:SchemaRegistry:schema.registry.urll", "http://registry:8081", "Unknown configuration parameter")]
    [InlineData("ParcelStream:SchemaRegistry:schema.registry.value.subject.name.strategy", "Subject", "not one of Topic, Record, TopicRecord")]
    [InlineData("ParcelStream:SchemaRegistry:auto.register.schemas", "maybe", "not true or false")]
    public async Task Run_SchemaRegistryPropertyRejected_ExitsTwoNamingTheKey(string key, string value, string reason)
    {
        Dictionary<string, string> settings = Settings();
        settings["ParcelStream:SchemaRegistry:schema.registry.url"] = "http://127.0.0.1:1";
        settings[key] = value;

        string output = await RunToExitAsync(settings, expectedExit: 2);
        Assert.Contains(key, output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.Single(Lines(output));
    }

    [Fact]
    public async Task Run_ValidKeysOfEverySection_StartsAndIsNotRejected()
    {
        // Keys of each section, a dictionary entry and librdkafka pass-through: none may be taken for a typo.
        var h = new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true);
        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:Worker:SessionTimeoutMs"] = "10000";
        settings["ParcelStream:State:SplitThresholds:GB"] = "gb-low-value";
        settings["ParcelStream:Feedback:PriorAlpha"] = "2";
        settings["ParcelStream:Rules:HoldThreshold"] = "0.5";
        settings["ParcelStream:Kafka:fetch.wait.max.ms"] = "50";
        settings["parcelstream:worker:includesource"] = "true";
        using WorkerProcess process = WorkerProcess.Start(settings);
        int port = await process.MetricsPortAsync(s_exitTimeout);
        await WorkerHarness.WaitUntilAsync(() => process.HasExited || process.Output.Contains("Partitions assigned", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => process.Output);
        Assert.False(process.HasExited, process.Output);
        Assert.True(port > 0);
        Assert.True(process.Terminate(TimeSpan.FromSeconds(30)), process.Output);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task Run_MetricsPortInUse_ExitsTwoWithOneLineNamingThePort()
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        Dictionary<string, string> settings = Settings();
        settings["ParcelStream:Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string output = await RunToExitAsync(settings, expectedExit: 2);
        Assert.Contains("ParcelStream:Metrics:Port", output, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.True(Lines(output).Count <= 3, output);
    }

    [Theory]
    [InlineData("/nonexistent/parcelstream-rules", "does not exist")]
    [InlineData("/tmp", "no pack.yaml")]
    public async Task Run_RulesDirectoryMissingOrNotAPack_ExitsTwoNamingTheKey(string directory, string problem)
    {
        Dictionary<string, string> settings = Settings();
        settings["ParcelStream:Rules:Directory"] = directory;

        string output = await RunToExitAsync(settings, expectedExit: 2);
        Assert.Contains("ParcelStream:Rules:Directory", output, StringComparison.Ordinal);
        Assert.Contains(problem, output, StringComparison.Ordinal);
        Assert.Single(Lines(output));
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task Run_BrokersUnreachable_ExitsTwoWithinTheConnectTimeoutInAFewLines(string feedback)
    {
        // Nothing listens on port 1.
        Dictionary<string, string> settings = Settings();
        settings["ParcelStream:Worker:BootstrapServers"] = "127.0.0.1:1";
        settings["ParcelStream:Worker:ConnectTimeoutMs"] = "4000";
        settings["ParcelStream:Feedback:Enabled"] = feedback;

        var clock = Stopwatch.StartNew();
        string output = await RunToExitAsync(settings, expectedExit: 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
        Assert.Contains("ParcelStream:Worker:BootstrapServers", output, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", output, StringComparison.Ordinal);

        // The start-up log (rule pack, endpoint) and the one line: no librdkafka retry log (the old worker printed
        // thousands of lines, one per connection attempt).
        Assert.True(Lines(output).Count <= 5, output);
        Assert.Single(Lines(output), l => l.Contains("Connection refused", StringComparison.Ordinal));
    }

    private Dictionary<string, string> Settings() => new WorkerHarness(fixture, inputPartitions: 1, singleDecisionTopic: true).ProcessSettings();

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static async Task<string> RunToExitAsync(Dictionary<string, string> settings, int expectedExit)
    {
        using WorkerProcess process = WorkerProcess.Start(settings);
        await WorkerHarness.WaitUntilAsync(() => process.HasExited, s_exitTimeout, () => $"still running:\n{process.Output}");
        Assert.True(process.ExitCode == expectedExit, $"exit code {process.ExitCode}:\n{process.Output}");
        return process.Output;
    }
}
