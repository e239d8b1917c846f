using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// Checks a run's output against its input: every input offset has a decision or a dead-letter record (0 lost), and
/// an offset published more than once was published identically (duplicates from redelivery only).
/// </summary>
internal static class OutputAudit
{
    /// <summary>What each input offset (partition, offset) became: decisions (outcome and manifest) and dead letters (code).</summary>
    public static Dictionary<(int Partition, long Offset), List<string>> Outputs(WorkerHarness h, string? deadLetters = null)
    {
        var outputs = new Dictionary<(int, long), List<string>>();
        foreach (ReadDecision d in h.ReadDecisions(int.MaxValue, TimeSpan.FromSeconds(10)))
        {
            Assert.True(d.Decision.HasSource, $"decision {d.ManifestId} has no source");
            Assert.Equal(h.Input, Encoding.UTF8.GetString(d.Decision.SourceTopic));
            Add(outputs, (d.Decision.SourcePartition, d.Decision.SourceOffset), $"decision {d.Decision.Outcome} {d.ManifestId}");
        }

        foreach (ConsumeResult<byte[], byte[]> r in h.ReadTopic(deadLetters ?? h.DeadLetters, TimeSpan.FromMinutes(2)))
        {
            Headers headers = r.Message.Headers;
            int partition = int.Parse(Text(headers, DeadLetterHeaders.SourcePartition), CultureInfo.InvariantCulture);
            long offset = long.Parse(Text(headers, DeadLetterHeaders.SourceOffset), CultureInfo.InvariantCulture);
            Add(outputs, (partition, offset), "dead letter " + Text(headers, DeadLetterHeaders.ErrorCode));
        }

        return outputs;
    }

    /// <summary>Counts the input offsets that have an output.</summary>
    public static int Covered(WorkerHarness h) => Outputs(h).Count;

    /// <summary>Asserts every input offset has an output and duplicates are identical.</summary>
    public static void AssertNothingLost(WorkerHarness h, string? deadLetters = null)
    {
        Dictionary<(int Partition, long Offset), List<string>> outputs = Outputs(h, deadLetters);
        Dictionary<int, long> ends = h.EndOffsets();
        foreach ((int partition, long end) in ends)
        {
            for (long offset = 0; offset < end; offset++)
            {
                Assert.True(outputs.TryGetValue((partition, offset), out List<string>? published), $"input {partition}@{offset} has neither a decision nor a dead letter ({outputs.Count} of {ends.Values.Sum()} offsets have one, {outputs.Values.Count(o => o[0].StartsWith("dead", StringComparison.Ordinal))} dead letters)");
                Assert.True(published.Distinct().Count() == 1, $"input {partition}@{offset} was published differently: {string.Join(" | ", published)}");
            }
        }

        Assert.Equal(h.EndOffsets().Values.Sum(), outputs.Count);
    }

    private static void Add(Dictionary<(int, long), List<string>> outputs, (int, long) key, string what)
    {
        if (!outputs.TryGetValue(key, out List<string>? list))
        {
            outputs[key] = list = [];
        }

        list.Add(what);
    }

    private static string Text(Headers headers, string name)
    {
        Assert.True(headers.TryGetLastBytes(name, out byte[] value), $"header {name} missing");
        return Encoding.UTF8.GetString(value);
    }
}
