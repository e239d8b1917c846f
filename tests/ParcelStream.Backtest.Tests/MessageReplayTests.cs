using System.Text.Json;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Replay;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;

namespace ParcelStream.Backtest.Tests;

/// <summary>Replaying framed manifest messages (what a Kafka topic range gives) instead of a container file.</summary>
public sealed class MessageReplayTests : IDisposable
{
    private const int PerPartition = 120;
    private const long FirstOffset = 1_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("backtest-messages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_CapacityOnMessagesAndFileInOtherBlocks_SameDecisions()
    {
        // More records than one shard range, in blocks of 50 (file) and whatever the message source gives: the
        // capacity estimate follows the records' order, not the blocks or the threads.
        List<byte[]> datums = Samples.FirstDatums(6_000);
        string file = Path.Combine(_dir, "capacity.avro");
        Samples.WriteContainer(file, datums, blockDatums: 50, AvroContainerCodec.Deflate);
        string fromFile = Path.Combine(_dir, "capacity-file.jsonl");
        string fromMessages = Path.Combine(_dir, "capacity-messages.jsonl");
        List<(int Partition, long Offset, byte[] Value)> messages = [.. datums.Select((d, i) => (0, (long)i, (byte[])[0x00, 0x00, 0x00, 0x00, (byte)SchemaRegistry.DefaultManifestSchemaId, .. d]))];

        ReplayResult fileResult = Replayer.Run(new ReplayOptions { InputPath = file, Packs = [Samples.CapacityPack(Samples.DefaultRules, "d")], OutputPaths = [fromFile], Threads = 3 });
        Replayer.Run(new ReplayOptions { MessageSource = new MessageList("t", messages), Packs = [Samples.CapacityPack(Samples.DefaultRules, "d")], OutputPaths = [fromMessages], Threads = 2 });

        string[] fileLines = File.ReadAllLines(fromFile);
        string[] messageLines = File.ReadAllLines(fromMessages);
        Assert.Equal(datums.Count, messageLines.Length);
        Assert.Equal(fileLines.Select(WithoutSource), messageLines.Select(WithoutSource));
        Assert.True(fileResult.Packs[0].EngineCapacity == 0.01);
    }

    [Fact]
    public void Run_Messages_SameDecisionsAsTheSameManifestsFromAFile_SourceIsPartitionAndOffset()
    {
        List<byte[]> datums = Samples.FirstDatums(3 * PerPartition);
        string file = Path.Combine(_dir, "same.avro");
        Samples.WriteContainer(file, datums, blockDatums: 50, AvroContainerCodec.Deflate);
        string fromFile = Path.Combine(_dir, "file.jsonl");
        string fromMessages = Path.Combine(_dir, "messages.jsonl");

        ReplayResult fileResult = Replayer.Run(new ReplayOptions { InputPath = file, Packs = [Samples.Pack(Samples.DefaultRules, "d")], OutputPaths = [fromFile], Threads = 2 });
        ReplayResult messageResult = Replayer.Run(new ReplayOptions { MessageSource = new MessageList("parcels.manifests", Messages(datums)), Packs = [Samples.Pack(Samples.DefaultRules, "d")], OutputPaths = [fromMessages], Threads = 2 });

        string[] fileLines = File.ReadAllLines(fromFile);
        string[] messageLines = File.ReadAllLines(fromMessages);
        Assert.Equal(datums.Count, messageResult.Decided);
        Assert.Equal(OutcomeSymbols.All.Select(fileResult.Packs[0].Count), OutcomeSymbols.All.Select(messageResult.Packs[0].Count));
        Assert.Equal("parcels.manifests", messageResult.Source);
        Assert.Equal(datums.Count, messageLines.Length);
        for (int i = 0; i < datums.Count; i++)
        {
            Assert.Equal(WithoutSource(fileLines[i]), WithoutSource(messageLines[i]));
            using JsonDocument line = JsonDocument.Parse(messageLines[i]);
            JsonElement source = line.RootElement.GetProperty("source");
            Assert.Equal(("parcels.manifests", i / PerPartition, FirstOffset + (i % PerPartition)), (source.GetProperty("topic").GetString(), source.GetProperty("partition").GetInt32(), source.GetProperty("offset").GetInt64()));
        }
    }

    [Fact]
    public void Run_MessagesWithOneThatIsNotAManifest_ReportsItsPartitionAndOffsetAndDecidesTheRest_SameForAnyThreads()
    {
        List<(int Partition, long Offset, byte[] Value)> messages = Messages(Samples.FirstDatums(3 * PerPartition));
        messages[PerPartition + 7] = (1, FirstOffset + 7, [0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff]);
        var outputs = new List<byte[]>();
        ReplayResult? first = null;
        foreach (int threads in (int[])[1, 3])
        {
            string output = Path.Combine(_dir, $"t{threads}.jsonl");
            ReplayResult result = Replayer.Run(new ReplayOptions { MessageSource = new MessageList("t", messages), Packs = [Samples.Pack(Samples.DefaultRules, "d")], OutputPaths = [output], Threads = threads });
            outputs.Add(File.ReadAllBytes(output));
            first ??= result;
        }

        Assert.Equal((long)messages.Count, first!.Records);
        Assert.Equal(messages.Count - 1, first.Decided);
        Assert.Equal(1, first.Undecodable);
        ReplayIssue issue = Assert.Single(first.Issues);
        Assert.Equal(PerPartition + 7, issue.Record);
        Assert.Contains($"partition 1 offset {FirstOffset + 7}", issue.Message, StringComparison.Ordinal);
        Assert.Equal(outputs[0], outputs[1]);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Validate_NotExactlyOneOfFileAndMessages_Throws(bool file, bool messages)
    {
        var options = new ReplayOptions
        {
            InputPath = file ? Samples.History : null,
            MessageSource = messages ? new MessageList("t", []) : null,
            Packs = [Samples.Pack(Samples.DefaultRules, "d")],
        };

        ArgumentException e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("either InputPath", e.Message, StringComparison.Ordinal);
    }

    private static string WithoutSource(string line) => line[..line.IndexOf(",\"source\":", StringComparison.Ordinal)];

    /// <summary>The datums in Confluent framing (schema id 1), PerPartition to a partition, offsets from FirstOffset.</summary>
    private static List<(int Partition, long Offset, byte[] Value)> Messages(List<byte[]> datums) =>
        [.. datums.Select((d, i) => (i / PerPartition, FirstOffset + (i % PerPartition), (byte[])[0x00, 0x00, 0x00, 0x00, (byte)SchemaRegistry.DefaultManifestSchemaId, .. d]))];

    /// <summary>Messages held in memory, given in list order as a topic range would give them.</summary>
    private sealed class MessageList(string name, List<(int Partition, long Offset, byte[] Value)> messages) : IReplayMessageSource
    {
        private int _next;

        public string Name => name;

        public long ExpectedMessages => messages.Count;

        public bool Fill(ReplayMessageBatch batch, CancellationToken cancellationToken)
        {
            while (batch.Room > 0 && _next < messages.Count)
            {
                (int partition, long offset, byte[] value) = messages[_next++];
                batch.Add(partition, offset, value);
            }

            return batch.Count > 0;
        }
    }
}
