using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Benchmarks;

/// <summary>
/// Writes one replayed decision (two reasons, a source) as a JSON line into a reused pooled buffer: with replay's
/// <see cref="JsonDecisionWriter"/>, and property by property with a reused <see cref="Utf8JsonWriter"/> (what replay
/// did before). Both write the same bytes (checked in setup). <see cref="Escaping"/> puts apostrophes in the reason
/// details, which JSON writers escape by default (about 3 % of the sample history's lines).
/// </summary>
[MemoryDiagnoser]
public class JsonLineBenchmarks
{
    private readonly CustomsDecision _decision = new();
    private readonly PooledBufferWriter _output = new(4096);
    private readonly JsonDecisionWriter _writer = new();
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });

    /// <summary>Gets or sets whether the details need escaping.</summary>
    [Params(false, true)]
    public bool Escaping { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string quote = Escaping ? "'" : string.Empty;
        _decision.Reset();
        _decision.SetManifest("MF-171560-0000000004"u8, "UB937548506CN"u8);
        _decision.Outcome = Outcome.Hold;
        _decision.RiskScore = 0.04742587317756678;
        _decision.AddReason("counterfeit-prone-category"u8, "COUNTERFEIT_PRONE"u8, Encoding.UTF8.GetBytes($"counterfeit-prone category {quote}watches{quote} (jewellery, bags, apparel, footwear)"));
        _decision.AddReason("engine.risk-score"u8, "RISK_SCORE"u8, "risk score 0.62 at or above the hold threshold 0.5"u8);
        _decision.SetRulesetVersion("2026.11.1"u8);
        _decision.SetSource("history-10m.avro"u8, -1, 7_654_321);
        byte[] fast = Written(JsonDecisionWriterLine);
        byte[] reference = Written(Utf8JsonWriterLine);
        if (!fast.AsSpan().SequenceEqual(reference))
        {
            throw new InvalidOperationException($"The writers differ:\n{Encoding.UTF8.GetString(fast)}\n{Encoding.UTF8.GetString(reference)}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _json.Dispose();
        _output.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int Utf8JsonWriterLine()
    {
        _output.Truncate(0);
        Utf8JsonWriter w = _json;
        CustomsDecision d = _decision;
        w.Reset(_output);
        w.WriteStartObject();
        w.WriteString("manifestId"u8, d.ManifestId);
        w.WriteString("trackingNumber"u8, d.TrackingNumber);
        w.WriteString("outcome"u8, OutcomeSymbols.Utf8(d.Outcome));
        w.WriteNumber("riskScore"u8, d.RiskScore);
        w.WriteStartArray("reasons"u8);
        for (int i = 0; i < d.ReasonCount; i++)
        {
            w.WriteStartObject();
            w.WriteString("ruleId"u8, d.ReasonRuleId(i));
            w.WriteString("code"u8, d.ReasonCode(i));
            w.WriteString("detail"u8, d.ReasonDetail(i));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("rulesetVersion"u8, d.RulesetVersion);
        w.WriteBoolean("postClearanceAudit"u8, d.PostClearanceAudit);
        w.WriteStartObject("source"u8);
        w.WriteString("topic"u8, d.SourceTopic);
        w.WriteNumber("partition"u8, d.SourcePartition);
        w.WriteNumber("offset"u8, d.SourceOffset);
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        _output.GetSpan(1)[0] = (byte)'\n';
        _output.Advance(1);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int JsonDecisionWriterLine()
    {
        _output.Truncate(0);
        _writer.WriteLine(_output, _decision);
        return _output.WrittenCount;
    }

    private byte[] Written(Func<int> write)
    {
        write();
        return _output.WrittenSpan.ToArray();
    }
}
