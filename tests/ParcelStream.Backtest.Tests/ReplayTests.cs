using System.Text.Json;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Replay;
using ParcelStream.Backtest.Reports;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;

namespace ParcelStream.Backtest.Tests;

public sealed class ReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backtest-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TempPath(string name) => Path.Combine(_dir, name);

    private static ReplayResult Replay(string input, int threads, params string?[] outputs) => Replayer.Run(new ReplayOptions
    {
        InputPath = input,
        Packs = outputs.Length < 2
            ? [Samples.Pack(Samples.DefaultRules, "default")]
            : [Samples.Pack(Samples.DefaultRules, "default"), Samples.Pack(Samples.StricterRules, "stricter")],
        OutputPaths = outputs,
        Threads = threads,
        Capacity = 0.05,
    });

    [Fact]
    public void Run_TwoRunsAndOneVersusSeveralThreads_ByteIdenticalDecisionsAndReports()
    {
        var runs = new List<(byte[] Json, byte[] Avro, string Markdown, string Html)>();
        foreach ((int threads, int run) in new[] { (1, 0), (3, 1), (3, 2) })
        {
            string json = TempPath($"a{run}.jsonl");
            string avro = TempPath($"b{run}.avro");
            ReplayResult result = Replay(Samples.History, threads, json, avro);
            runs.Add((File.ReadAllBytes(json), File.ReadAllBytes(avro), MarkdownReport.Render(result), HtmlReport.Render(result)));
        }

        Assert.True(runs[0].Json.Length > 1_000_000);
        foreach ((byte[] json, byte[] avro, string markdown, string html) in runs.Skip(1))
        {
            Assert.True(runs[0].Json.AsSpan().SequenceEqual(json));
            Assert.True(runs[0].Avro.AsSpan().SequenceEqual(avro));
            Assert.Equal(runs[0].Markdown, markdown);
            Assert.Equal(runs[0].Html, html);
        }
    }

    [Fact]
    public void Run_JsonLines_FieldNamesAreTheDecisionSchemas()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Samples.DecisionSchema));
        JsonElement fields = schema.RootElement.GetProperty("fields");
        HashSet<string> top = [.. fields.EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];
        HashSet<string> reason = NestedFieldNames(fields, "reasons", f => f.GetProperty("type").GetProperty("items"));
        HashSet<string> source = NestedFieldNames(fields, "source", f => f.GetProperty("type").EnumerateArray().Single(t => t.ValueKind == JsonValueKind.Object));
        HashSet<string> symbols = [.. fields.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "outcome").GetProperty("type").GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!)];

        string path = TempPath("d.jsonl");
        Replay(Samples.History, 2, path);
        int lines = 0;
        int reasons = 0;
        foreach (string line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            HashSet<string> names = [.. root.EnumerateObject().Select(p => p.Name)];
            Assert.Subset(top, names);
            Assert.Superset(new HashSet<string> { "manifestId", "trackingNumber", "outcome", "riskScore", "reasons", "rulesetVersion" }, names);
            Assert.Contains(root.GetProperty("outcome").GetString()!, symbols);
            foreach (JsonElement r in root.GetProperty("reasons").EnumerateArray())
            {
                Assert.Equal(reason, [.. r.EnumerateObject().Select(p => p.Name)]);
                reasons++;
            }

            Assert.Equal(source, [.. root.GetProperty("source").EnumerateObject().Select(p => p.Name)]);
            Assert.Equal(lines, root.GetProperty("source").GetProperty("offset").GetInt64());
            lines++;
        }

        Assert.Equal(10_000, lines);
        Assert.True(reasons > 0);
    }

    private static HashSet<string> NestedFieldNames(JsonElement fields, string name, Func<JsonElement, JsonElement> record) =>
        [.. record(fields.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name)).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!)];

    [Fact]
    public void Run_AvroOutput_ReadsBackAsTheSameDecisionsAsJsonLines()
    {
        string json = TempPath("d.jsonl");
        string avro = TempPath("d.avro");
        Replay(Samples.History, 2, json);
        Replay(Samples.History, 2, avro);
        using AvroContainerFile file = AvroContainerFile.Open(avro);
        var decision = new CustomsDecision();
        int n = 0;
        foreach (string line in File.ReadLines(json))
        {
            Assert.True(file.TryRead(out ReadOnlyMemory<byte> datum));
            Assert.Equal(AvroError.None, DecisionReader.Read(datum.Span, decision));
            using var doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            Assert.Equal(root.GetProperty("manifestId").GetString(), System.Text.Encoding.UTF8.GetString(decision.ManifestId));
            Assert.Equal(root.GetProperty("outcome").GetString(), OutcomeSymbols.Name(decision.Outcome));
            Assert.Equal(root.GetProperty("riskScore").GetDouble(), decision.RiskScore);
            Assert.Equal(root.GetProperty("reasons").GetArrayLength(), decision.ReasonCount);
            Assert.Equal(root.GetProperty("rulesetVersion").GetString(), System.Text.Encoding.UTF8.GetString(decision.RulesetVersion));
            Assert.Equal(n, decision.SourceOffset);
            Assert.Equal(-1, decision.SourcePartition);
            n++;
        }

        Assert.False(file.TryRead(out _));
        Assert.Equal(AvroError.None, file.Error);
    }

    [Fact]
    public void Run_RuleHits_EqualTheEnginesOwnCounters()
    {
        var pack = Samples.Pack(Samples.DefaultRules, "default");
        ReplayResult result = Replayer.Run(new ReplayOptions { InputPath = Samples.History, Packs = [pack], Threads = 2 });
        IReadOnlyList<RuleHitCount> engine = pack.Pack.GetRuleHits();
        Assert.Equal(engine.Select(h => (h.RuleId, h.Code, h.Hits)), result.Packs[0].Rules.Take(engine.Count).Select(h => (h.RuleId, h.Code, h.Hits)));
        Assert.Equal(10_000, result.Decided);
        Assert.Equal(result.Decided, result.Timeline.Sum(t => t.Manifests));
        Assert.InRange(result.Timeline.Count, 40, TimelineBuilder.Points);
    }

    [Fact]
    public void Run_SamePackTwice_NothingChanges()
    {
        ReplayResult result = Replayer.Run(new ReplayOptions
        {
            InputPath = Samples.History,
            Packs = [Samples.Pack(Samples.DefaultRules, "a"), Samples.Pack(Samples.DefaultRules, "b")],
            Threads = 2,
        });
        TransitionMatrix m = result.Comparison!.Transitions;
        Assert.Equal(10_000, m.Total);
        Assert.Equal(0, m.Changed);
        Assert.Empty(result.Comparison.Added);
        Assert.Empty(result.Comparison.Removed);
        Assert.Equal(result.Packs[0].Rules, result.Packs[1].Rules);
    }

    [Fact]
    public void Run_ManyChangesInOneBlock_AddedListsTheFileFirstFifty()
    {
        // The same pack with an inspect threshold below the base score (0.018): every manifest no rule forces to HOLD moves
        // to INSPECT, in every block.
        var eager = new ReplayPack("eager", new RuleEngine(RulePack.Load(Samples.DefaultRules), new RuleEngineOptions { HoldThreshold = 0.01, InspectThreshold = 0.01, AuditThreshold = 0, WatchForChanges = false, Capacity = { Enabled = false } }));
        string a = TempPath("a.jsonl");
        string b = TempPath("b.jsonl");
        ReplayResult result = Replayer.Run(new ReplayOptions
        {
            InputPath = Samples.History,
            Packs = [Samples.Pack(Samples.DefaultRules, "default"), eager],
            OutputPaths = [a, b],
            Threads = 3,
        });
        static string[] Outcomes(string path) => [.. File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("outcome").GetString()!)];
        string[] before = Outcomes(a);
        string[] after = Outcomes(b);
        long[] added = [.. Enumerable.Range(0, before.Length).Where(i => before[i] != "INSPECT" && after[i] == "INSPECT").Select(i => (long)i)];
        Assert.True(added.Length > 1_000);
        Assert.Equal(added.Take(ReplayBlock.MaxChanges), result.Comparison!.Added.Select(c => c.Record));
        Assert.Equal(added.Length, result.Comparison.Transitions.InspectionsAdded);
    }

    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void Run_CorruptDatums_SkipsThemReportsThemAndDecidesTheRest(AvroContainerCodec codec)
    {
        List<byte[]> datums = Samples.FirstDatums(12);
        var crowded = new ManifestRecord { ManifestId = "MF-CROWDED", TrackingNumber = "T", Currency = "EUR" };
        for (int i = 0; i < CodecLimits.Default.MaxItems + 1; i++)
        {
            crowded.Items.Add(new ItemRecord { Description = "x", HsCode = "8517", Quantity = 1 });
        }

        datums[2] = ManifestEncoder.ToBytes(crowded); // the skipper finds its end, the decoder rejects it: one record lost
        datums[4] = [0x01]; // a string length of -1: where the datum ends is unknown, so the block's rest is lost
        byte[] badUtf8 = [.. datums[9]];
        badUtf8[1] = 0xFF; // first byte of manifestId: the skipper rejects it too, so the block's rest is lost
        datums[9] = badUtf8;
        string path = TempPath("corrupt.avro");
        Samples.WriteContainer(path, datums, blockDatums: 4, codec);
        string output = TempPath("corrupt.jsonl");

        ReplayResult result = Replay(path, 2, output);

        Assert.Equal(12, result.Records);
        Assert.Equal(1 + 4 + 3, result.Undecodable);
        Assert.Equal(4, result.Decided);
        Assert.Equal([2L, 4L, 9L], result.Issues.Select(i => i.Record));
        Assert.Contains("TooManyItems", result.Issues[0].Message, StringComparison.Ordinal);
        Assert.Contains("NegativeLength", result.Issues[1].Message, StringComparison.Ordinal);
        Assert.Contains("InvalidUtf8", result.Issues[2].Message, StringComparison.Ordinal);
        Assert.Equal([0L, 1, 3, 8], File.ReadLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("source").GetProperty("offset").GetInt64()));
    }

    [Fact]
    public void Run_FileCutShort_ThrowsAvroContainerExceptionWithoutHanging()
    {
        string whole = TempPath("whole.avro");
        Samples.WriteContainer(whole, Samples.FirstDatums(40), blockDatums: 10, AvroContainerCodec.Deflate);
        string cut = TempPath("cut.avro");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..^20]);
        AvroContainerException e = Assert.Throws<AvroContainerException>(() => Replay(cut, 3, TempPath("cut.jsonl")));
        Assert.Equal(AvroErrorCode.Truncated, e.Error.Code);
    }

    [Fact]
    public void Run_NotAManifestFile_ThrowsAvroSchemaException()
    {
        string path = TempPath("decisions.avro");
        Replay(Samples.History, 1, path);
        Assert.Throws<AvroSchemaException>(() => Replay(path, 1));
    }

    [Fact]
    public void Run_Cancelled_StopsAndSaysSo()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var options = new ReplayOptions { InputPath = Samples.History, Packs = [Samples.Pack(Samples.DefaultRules, "d")], Threads = 2 };
        ReplayResult result = Replayer.Run(options, null, cancelled.Token);
        Assert.True(result.Cancelled);
        Assert.True(result.Decided < 10_000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void Run_ThreadsOutOfRange_Throws(int threads) =>
        Assert.Throws<ArgumentException>(() => Replay(Samples.History, threads));

    [Fact]
    public void Run_OutputWithUnknownExtension_Throws() =>
        Assert.Throws<ArgumentException>(() => Replay(Samples.History, 1, TempPath("decisions.csv")));

    /// <summary>Replay decodes each datum from the rest of its block and takes its length from the TrailingBytes offset: the codec contract it relies on.</summary>
    [Fact]
    public void ManifestDecoder_RestOfBlock_TrailingBytesAtTheEndOfTheDatum()
    {
        List<byte[]> datums = Samples.FirstDatums(200);
        byte[] block = [.. datums.SelectMany(d => d)];
        ManifestDecoder decoder = AvroContainerManifests.CreateDecoder(SchemaRegistry.ManifestSchema);
        var whole = new ManifestView();
        var exact = new ManifestView();
        int position = 0;
        foreach (byte[] datum in datums)
        {
            AvroError error = decoder.Decode(block, position, block.Length - position, whole);
            Assert.Equal(AvroError.None, decoder.Decode(datum, 0, datum.Length, exact));
            if (position + datum.Length == block.Length)
            {
                Assert.Equal(AvroError.None, error);
            }
            else
            {
                Assert.Equal(new AvroError(AvroErrorCode.TrailingBytes, datum.Length), error);
            }

            Assert.True(whole.ManifestId.SequenceEqual(exact.ManifestId));
            Assert.Equal(exact.ItemCount, whole.ItemCount);
            Assert.Equal(exact.TotalValueMinor, whole.TotalValueMinor);
            position += datum.Length;
        }
    }
}
