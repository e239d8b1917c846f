using System.Buffers;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>
/// Reading back a killed owner's uncommitted decisions on the embedded cluster: their cut-offs, and only those of the
/// assigned partitions' offsets at or after the group's committed offset.
/// </summary>
public sealed class CutoffRecoveryTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    [Fact]
    public void Recover_DecisionsBeyondTheCommittedOffsets_FindsTheirCutoffsAndNothingElse()
    {
        string input = fixture.CreateTopic("cutoff-input", 2);
        string release = fixture.CreateTopic("cutoff-release", 2);
        string hold = fixture.CreateTopic("cutoff-hold", 2);
        string inspect = fixture.CreateTopic("cutoff-inspect", 2);
        string group = $"cutoff-group-{Guid.NewGuid():N}";

        // Ten records per input partition; the group committed 4 on partition 0 and 7 on partition 1.
        Produce(input, 0, 10);
        Produce(input, 1, 10);
        using (IConsumer<byte[], byte[]> committer = new ConsumerBuilder<byte[], byte[]>(fixture.ConsumerConfig(group)).Build())
        {
            committer.Commit([new TopicPartitionOffset(input, 0, 4), new TopicPartitionOffset(input, 1, 7)]);
        }

        // The killed owner decided every offset; its decisions spread over the three topics, a few of them decoys.
        var decisions = new List<(string Topic, Message<byte[], byte[]> Message)>();
        for (int p = 0; p < 2; p++)
        {
            for (int o = 0; o < 10; o++)
            {
                string topic = (o % 3) switch { 0 => release, 1 => hold, _ => inspect };
                decisions.Add((topic, Decision(input, p, o, Cutoff(p, o))));
            }
        }

        decisions.Add((hold, Decision("another-input", 0, 8, 99)));          // another topic's record
        decisions.Add((hold, Decision(input, 0, 9, double.NaN)));            // no cut-off header (capacity off)
        decisions.Add((release, Decision(input, 5, 9, 99)));                 // a partition not assigned here
        foreach (IGrouping<string, (string Topic, Message<byte[], byte[]> Message)> byTopic in decisions.GroupBy(d => d.Topic))
        {
            KafkaTestClient.ProduceAll(fixture.ProducerConfig(), byTopic.Key, byTopic.Select(d => d.Message));
        }

        var options = new WorkerOptions
        {
            BootstrapServers = fixture.BootstrapServers,
            GroupId = group,
            InputTopic = input,
            ReleaseTopic = release,
            HoldTopic = hold,
            InspectTopic = inspect,
        };
        CutoffRecoveryResult result = new CutoffRecovery(options, new Dictionary<string, string>()).Recover([0, 1]);

        Assert.False(result.Incomplete);
        Assert.Equal(2, result.PartitionsToRedo);
        Assert.Equal(Enumerable.Range(4, 6).ToDictionary(o => (long)o, o => Cutoff(0, o)), result.For(0));
        Assert.Equal(Enumerable.Range(7, 3).ToDictionary(o => (long)o, o => Cutoff(1, o)), result.For(1));
        Assert.Equal(9, result.Found);
    }

    [Fact]
    public void Recover_EveryPartitionCommittedToItsEnd_ReadsNoDecisions()
    {
        string input = fixture.CreateTopic("cutoff-input", 1);
        string decisions = fixture.CreateTopic("cutoff-decisions", 1);
        string group = $"cutoff-group-{Guid.NewGuid():N}";
        Produce(input, 0, 3);
        KafkaTestClient.ProduceAll(fixture.ProducerConfig(), decisions, Enumerable.Range(0, 3).Select(o => Decision(input, 0, o, 1.5)));
        using (IConsumer<byte[], byte[]> committer = new ConsumerBuilder<byte[], byte[]>(fixture.ConsumerConfig(group)).Build())
        {
            committer.Commit([new TopicPartitionOffset(input, 0, 3)]);
        }

        var options = new WorkerOptions { BootstrapServers = fixture.BootstrapServers, GroupId = group, InputTopic = input, DecisionTopic = decisions };
        CutoffRecoveryResult result = new CutoffRecovery(options, new Dictionary<string, string>()).Recover([0]);

        Assert.Equal(0, result.PartitionsToRedo);
        Assert.Equal(0, result.DecisionsRead);
        Assert.Null(result.For(0));
    }

    /// <summary>A distinct cut-off per record, infinities included (the header's text form of both).</summary>
    private static double Cutoff(int partition, int offset) => offset switch
    {
        8 => double.PositiveInfinity,
        9 when partition == 1 => double.NegativeInfinity,
        _ => -3.5 + (partition * 0.25) + (offset / 64.0),
    };

    private static Message<byte[], byte[]> Decision(string inputTopic, int partition, long offset, double cutoff)
    {
        var decision = new CustomsDecision();
        decision.SetManifest(Encoding.UTF8.GetBytes($"MF-{partition}-{offset}"), Encoding.UTF8.GetBytes($"LX{partition}{offset:D7}DE"));
        decision.SetSource(Encoding.UTF8.GetBytes(inputTopic), partition, offset);
        decision.Outcome = Outcome.Hold;
        var output = new ArrayBufferWriter<byte>();
        DecisionWriter.Write(output, decision);
        var message = new Message<byte[], byte[]> { Key = decision.TrackingNumber.ToArray(), Value = output.WrittenSpan.ToArray(), Headers = [] };
        if (!double.IsNaN(cutoff))
        {
            message.Headers.Add(DeadLetterHeaders.Cutoff, Encoding.UTF8.GetBytes(cutoff.ToString("R", CultureInfo.InvariantCulture)));
        }

        return message;
    }

    private void Produce(string topic, int partition, int count)
    {
        using IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(fixture.ProducerConfig()).Build();
        for (int i = 0; i < count; i++)
        {
            producer.Produce(new TopicPartition(topic, partition), new Message<byte[], byte[]> { Value = [1], Timestamp = new Timestamp(DateTime.UtcNow) });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }
}
