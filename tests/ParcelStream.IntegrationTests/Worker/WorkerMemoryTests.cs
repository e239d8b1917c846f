using System.Globalization;
using System.Text.Json.Nodes;
using Confluent.Kafka;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// Issue 13, defect 5: the worker's memory is bounded by bytes, not only by a count of messages. The real host with
/// the shipped Kubernetes settings (k8s/base: worker and librdkafka settings from settings.json, the managed heap
/// limited as DOTNET_GCHeapHardLimitPercent does in the deployment's container) drains a backlog of large undecodable
/// messages and stays under the container's limit.
/// </summary>
public sealed class WorkerMemoryTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    /// <summary>The container's memory limit in k8s/base/deployment.yaml.</summary>
    private static readonly long ContainerLimitBytes = ShippedMemoryLimit();

    /// <summary>
    /// 800 messages of 400-900 KB (about 520 MB) among 4,000 manifests. The mock broker keeps at most 5 MiB per
    /// partition (older records are deleted as new ones come), so the backlog is spread over 200 partitions, 4 large
    /// messages each, keyed so that their dead-letter records (same key, a dead-letter topic of 200 partitions) stay
    /// within the limit too.
    /// </summary>
    [Fact]
    public async Task Run_BacklogOfLargeUndecodableMessages_ShippedK8sLimits_AllPublishedAndMemoryUnderTheLimit()
    {
        const int Partitions = 200;
        const int Large = 800;
        var h = new WorkerHarness(fixture, inputPartitions: Partitions, singleDecisionTopic: true);
        string deadLetters = fixture.CreateTopic("dlq-wide", Partitions);
        var random = new Random(13);
        var input = new List<Message<byte[], byte[]>>();
        List<Message<byte[], byte[]>> valid = TestManifests.Valid(Large * 5, keys: 1_000);
        foreach (byte[] key in BalancedKeys(Large, Partitions, perPartition: Large / Partitions))
        {
            byte[] large = new byte[random.Next(400_000, 900_000)];
            random.NextBytes(large);
            input.Add(new Message<byte[], byte[]> { Key = key, Value = large });
            input.AddRange(valid.Skip((input.Count / 6) * 5).Take(5));
        }

        ProducerConfig config = fixture.ProducerConfig();
        config.MessageMaxBytes = 2_000_000;
        config.MessageTimeoutMs = 300_000; // 520 MB into the in-process mock broker, on a machine shared with builds
        Assert.All(KafkaTestClient.ProduceAll(config, h.Input, input, TimeSpan.FromMinutes(5)), r => Assert.False(r.Error.IsError, r.Error.Reason));
        Assert.Equal(input.Count, h.EndOffsets().Values.Sum());

        Dictionary<string, string> settings = h.ProcessSettings();
        settings["ParcelStream:Worker:DeadLetterTopic"] = deadLetters;
        foreach ((string key, string value) in ShippedSettings())
        {
            settings[key] = value;
        }

        var environment = new Dictionary<string, string>
        {
            // What the deployment's DOTNET_GCHeapHardLimitPercent gives in the container: its share of the limit, in hex as .NET reads it.
            ["DOTNET_GCHeapHardLimit"] = (ContainerLimitBytes * ShippedHeapPercent() / 100).ToString("X", CultureInfo.InvariantCulture),
        };
        using WorkerProcess worker = WorkerProcess.Start(settings, environment);
        long peak = 0;
        Dictionary<int, long> end = h.EndOffsets();
        await WorkerHarness.WaitUntilAsync(
            () =>
            {
                if (worker.HasExited)
                {
                    return true;
                }

                peak = Math.Max(peak, worker.PeakResidentBytes);
                return h.CommittedOffsets().All(c => c.Value == end[c.Key]);
            },
            TimeSpan.FromMinutes(5),
            () => $"not all committed, peak RSS {peak >> 20} MiB; output:\n{worker.Output}");
        Assert.False(worker.HasExited, worker.Output);
        peak = Math.Max(peak, worker.PeakResidentBytes);
        Assert.True(worker.Terminate(TimeSpan.FromSeconds(30)), worker.Output);
        Assert.Equal(0, worker.ExitCode);

        Console.WriteLine($"peak RSS {peak >> 20} MiB");
        Assert.True(peak < ContainerLimitBytes, $"peak RSS {peak >> 20} MiB is over the container's {ContainerLimitBytes >> 20} MiB");
        OutputAudit.AssertNothingLost(h, deadLetters);
    }

    /// <summary>
    /// Keys that librdkafka's default partitioner (CRC-32 of the key modulo the partition count) spreads evenly: at
    /// most <paramref name="perPartition"/> per partition.
    /// </summary>
    private static List<byte[]> BalancedKeys(int count, int partitions, int perPartition)
    {
        var keys = new List<byte[]>(count);
        int[] used = new int[partitions];
        for (int i = 0; keys.Count < count; i++)
        {
            byte[] key = System.Text.Encoding.UTF8.GetBytes("large-" + i.ToString(CultureInfo.InvariantCulture));
            int partition = (int)(System.IO.Hashing.Crc32.HashToUInt32(key) % (uint)partitions);
            if (used[partition] < perPartition)
            {
                used[partition]++;
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>The container's memory limit in k8s/base/deployment.yaml (limits: memory: NMi).</summary>
    private static long ShippedMemoryLimit()
    {
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(WorkerProcess.HostDll)!, "..", "..", "..", "..", ".."));
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(repo, "k8s", "base", "deployment.yaml")),
            "limits:\\s*\\n(?:\\s+\\w+:.*\\n)*?\\s+memory:\\s*(\\d+)Mi");
        Assert.True(m.Success, "k8s/base/deployment.yaml sets no memory limit in Mi");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 * 1024;
    }

    /// <summary>The managed heap's share of the container's memory in k8s/base/deployment.yaml (DOTNET_GCHeapHardLimitPercent, hexadecimal).</summary>
    private static long ShippedHeapPercent()
    {
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(WorkerProcess.HostDll)!, "..", "..", "..", "..", ".."));
        System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(repo, "k8s", "base", "deployment.yaml")),
            "DOTNET_GCHeapHardLimitPercent\\s*\\n\\s*value:\\s*\"0x([0-9A-Fa-f]+)\"");
        Assert.True(m.Success, "k8s/base/deployment.yaml sets no DOTNET_GCHeapHardLimitPercent in hexadecimal");
        return long.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>The worker and librdkafka settings shipped in k8s/base/settings.json, less where to connect and what to read.</summary>
    private static IEnumerable<(string Key, string Value)> ShippedSettings()
    {
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(WorkerProcess.HostDll)!, "..", "..", "..", "..", ".."));
        JsonNode root = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, "k8s", "base", "settings.json")))!["ParcelStream"]!;
        string[] placement = ["BootstrapServers", "GroupId", "InputTopic", "ReleaseTopic", "HoldTopic", "InspectTopic", "DecisionTopic", "DeadLetterTopic"];
        foreach ((string key, JsonNode? value) in root["Worker"]!.AsObject())
        {
            if (!placement.Contains(key))
            {
                yield return ("ParcelStream:Worker:" + key, value!.ToString());
            }
        }

        JsonObject kafka = root["Kafka"]!.AsObject();
        Assert.NotEmpty(kafka);
        foreach ((string key, JsonNode? value) in kafka)
        {
            yield return ("ParcelStream:Kafka:" + key, value!.ToString());
        }
    }
}
