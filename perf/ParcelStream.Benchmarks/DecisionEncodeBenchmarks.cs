using System.Buffers;
using Avro.Generic;
using Avro.IO;
using Avro.Specific;
using BenchmarkDotNet.Attributes;
using ParcelStream.Codec.Decisions;
using Specific = parcelstream.v1;

namespace ParcelStream.Benchmarks;

/// <summary>
/// Writes one HOLD decision (two reasons, a source, one related manifest) with ParcelStream's writer into a reused
/// buffer and with Apache.Avro's generic and specific writers into a reused stream. Every writer writes the same
/// bytes (checked in setup).
/// </summary>
[MemoryDiagnoser]
public class DecisionEncodeBenchmarks
{
    private const string ManifestId = "MF-2026-11-23-000000001";
    private const string TrackingNumber = "RR123456785CN";
    private const string RulesetVersion = "2026.11.1";
    private const string Topic = "parcel-manifests";
    private const long DecidedAt = 1_795_000_000_123;
    private const double RiskScore = 0.62;

    private static readonly (string RuleId, string Code, string Detail)[] s_reasons =
    [
        ("R-017", "VAGUE_DESCRIPTION", "Item 3 description 'Silicone phone case' lacks material detail"),
        ("R-042", "IOSS_VALUE_MISMATCH", "Declared total 47.97 EUR differs from the sum of item values"),
    ];

    private readonly CustomsDecision _decision = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly MemoryStream _stream = new(1024);
    private BinaryEncoder _encoder = null!;
    private GenericDatumWriter<GenericRecord> _genericWriter = null!;
    private SpecificDatumWriter<Specific.CustomsDecision> _specificWriter = null!;
    private GenericRecord _generic = null!;
    private Specific.CustomsDecision _specific = null!;

    [GlobalSetup]
    public void Setup()
    {
        _decision.Reset();
        _decision.SetManifest("MF-2026-11-23-000000001"u8, "RR123456785CN"u8);
        _decision.Outcome = Outcome.Hold;
        _decision.RiskScore = RiskScore;
        foreach ((string ruleId, string code, string detail) in s_reasons)
        {
            _decision.AddReason(Utf8(ruleId), Utf8(code), Utf8(detail));
        }

        _decision.SetRulesetVersion(Utf8(RulesetVersion));
        _decision.DecidedAtMillis = DecidedAt;
        _decision.SetSource(Utf8(Topic), 3, 1_234_567);
        _decision.AddRelated("MF-2026-11-23-000000002"u8);

        Avro.RecordSchema schema = Specific.SpecificSchemas.Decision;
        _encoder = new BinaryEncoder(_stream);
        _genericWriter = new GenericDatumWriter<GenericRecord>(schema);
        _specificWriter = new SpecificDatumWriter<Specific.CustomsDecision>(schema);
        _generic = BuildGeneric(schema);
        _specific = BuildSpecific();

        Ours();
        byte[] expected = _buffer.WrittenSpan.ToArray();
        ApacheGeneric();
        Check(_stream.ToArray().AsSpan(0, (int)_stream.Position).SequenceEqual(expected), "Apache generic writer");
        ApacheSpecific();
        Check(_stream.ToArray().AsSpan(0, (int)_stream.Position).SequenceEqual(expected), "Apache specific writer");
    }

    [Benchmark(Description = "ParcelStream DecisionWriter")]
    public int Ours()
    {
        _buffer.ResetWrittenCount();
        DecisionWriter.Write(_buffer, _decision);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Apache GenericDatumWriter")]
    public long ApacheGeneric()
    {
        _stream.Position = 0;
        _genericWriter.Write(_generic, _encoder);
        return _stream.Position;
    }

    [Benchmark(Baseline = true, Description = "Apache SpecificDatumWriter")]
    public long ApacheSpecific()
    {
        _stream.Position = 0;
        _specificWriter.Write(_specific, _encoder);
        return _stream.Position;
    }

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{what} wrote other bytes than ParcelStream's DecisionWriter; the comparison would be unfair.");
        }
    }

    private static GenericRecord BuildGeneric(Avro.RecordSchema schema)
    {
        Avro.RecordSchema reasonSchema = Specific.SpecificSchemas.Record(schema["reasons"].Schema);
        Avro.RecordSchema sourceSchema = Specific.SpecificSchemas.Record(schema["source"].Schema);
        var source = new GenericRecord(sourceSchema);
        source.Add("topic", Topic);
        source.Add("partition", 3);
        source.Add("offset", 1_234_567L);
        var record = new GenericRecord(schema);
        record.Add("manifestId", ManifestId);
        record.Add("trackingNumber", TrackingNumber);
        record.Add("outcome", new GenericEnum((Avro.EnumSchema)schema["outcome"].Schema, "HOLD"));
        record.Add("riskScore", RiskScore);
        record.Add("reasons", s_reasons.Select(r =>
        {
            var reason = new GenericRecord(reasonSchema);
            reason.Add("ruleId", r.RuleId);
            reason.Add("code", r.Code);
            reason.Add("detail", r.Detail);
            return (object)reason;
        }).ToArray());
        record.Add("rulesetVersion", RulesetVersion);
        record.Add("decidedAt", DateTimeOffset.FromUnixTimeMilliseconds(DecidedAt).UtcDateTime);
        record.Add("source", source);
        record.Add("postClearanceAudit", false);
        record.Add("kind", new GenericEnum((Avro.EnumSchema)schema["kind"].Schema, "INITIAL"));
        record.Add("relatedManifestIds", new object[] { "MF-2026-11-23-000000002" });
        return record;
    }

    private static Specific.CustomsDecision BuildSpecific() => new()
    {
        manifestId = ManifestId,
        trackingNumber = TrackingNumber,
        outcome = Specific.Outcome.HOLD,
        riskScore = RiskScore,
        reasons = s_reasons.Select(r => new Specific.Reason { ruleId = r.RuleId, code = r.Code, detail = r.Detail }).ToList(),
        rulesetVersion = RulesetVersion,
        decidedAt = DateTimeOffset.FromUnixTimeMilliseconds(DecidedAt).UtcDateTime,
        source = new Specific.SourceRef { topic = Topic, partition = 3, offset = 1_234_567 },
        postClearanceAudit = false,
        kind = Specific.DecisionKind.INITIAL,
        relatedManifestIds = ["MF-2026-11-23-000000002"],
    };
}
