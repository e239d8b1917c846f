using System.Buffers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.IntegrationTests;

/// <summary><c>parcelstream decisions tail</c> as a process against the embedded cluster: decisions printed as JSON Lines.</summary>
public sealed class DecisionsTailTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Tail_FromBeginningOfTwoTopics_PrintsEveryDecisionAsOneJsonLineAndSaysWhichRecordIsNot()
    {
        string hold = fixture.CreateTopic("tail-hold", 2);
        string inspect = fixture.CreateTopic("tail-inspect", 1);
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), hold, Enumerable.Range(0, 5).Select(i => Decision($"MF-H-{i}", Outcome.Hold, Referral.RequestForInformation)));
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), inspect, [Decision("MF-I-0", Outcome.Inspect, Referral.PhysicalExamination), new Message<byte[], byte[]> { Value = [1, 2, 3] }]);

        using HostProcess tail = HostProcess.Start("decisions", "tail", "--bootstrap-servers", fixture.BootstrapServers, "--topic", hold, "--topic", inspect, "--from-beginning");

        Assert.True(tail.WaitForExit(s_timeout), "tail did not stop at the topics' end:\n" + tail.StandardError);
        Assert.True(tail.ExitCode == 0, tail.StandardError);
        List<JsonElement> lines = [.. tail.StandardOutput.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)];
        Assert.Equal(["MF-H-0", "MF-H-1", "MF-H-2", "MF-H-3", "MF-H-4", "MF-I-0"], lines.Select(l => l.GetProperty("manifestId").GetString()).Order(StringComparer.Ordinal));
        JsonElement inspected = lines.Single(l => l.GetProperty("outcome").GetString() == "INSPECT");
        Assert.Equal("PHYSICAL_EXAMINATION", inspected.GetProperty("referral").GetString());
        Assert.Equal("R-1", inspected.GetProperty("reasons")[0].GetProperty("ruleId").GetString());
        Assert.Contains($"{inspect} [[0]] @1 is not a decision", tail.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_OutcomeFilter_PrintsOnlyThatOutcome()
    {
        string topic = fixture.CreateTopic("tail-mixed", 1);
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), topic, [Decision("MF-1", Outcome.Release, Referral.None), Decision("MF-2", Outcome.Hold, Referral.DocumentaryCheck), Decision("MF-3", Outcome.Release, Referral.None)]);

        using HostProcess tail = HostProcess.Start("decisions", "tail", "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic, "--from-beginning", "--outcome", "hold");

        Assert.True(tail.WaitForExit(s_timeout), tail.StandardError);
        JsonElement only = JsonDocument.Parse(Assert.Single(tail.StandardOutput, l => l.Length > 0)).RootElement;
        Assert.Equal(("MF-2", "DOCUMENTARY_CHECK"), (only.GetProperty("manifestId").GetString(), only.GetProperty("referral").GetString()));
    }

    [Fact]
    public void Tail_TopicMissing_ExitsTwoNamingIt()
    {
        using HostProcess tail = HostProcess.Start("decisions", "tail", "--bootstrap-servers", fixture.BootstrapServers, "--topic", "no-such-decisions", "--from-beginning");

        Assert.True(tail.WaitForExit(s_timeout), tail.StandardError);
        Assert.Equal(2, tail.ExitCode);
        Assert.Contains("'no-such-decisions' does not exist", tail.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A decision record (raw, or Confluent-framed with <paramref name="schemaId"/>), keyed by its manifestId.</summary>
    internal static Message<byte[], byte[]> Decision(string manifestId, Outcome outcome, Referral referral, MessageFraming framing = MessageFraming.Raw, int schemaId = SchemaRegistry.DefaultDecisionSchemaId)
    {
        var d = new CustomsDecision();
        d.SetManifest(Encoding.UTF8.GetBytes(manifestId), "LX000000000DE"u8);
        d.Outcome = outcome;
        d.Referral = referral;
        d.RiskScore = 0.5;
        d.AddReason("R-1"u8, "CODE"u8, "detail"u8);
        d.SetRulesetVersion("test"u8);
        var output = new ArrayBufferWriter<byte>();
        DecisionWriter.Write(output, d, framing, schemaId);
        return new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(manifestId), Value = output.WrittenSpan.ToArray() };
    }
}
