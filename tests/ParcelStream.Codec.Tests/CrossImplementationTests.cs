using System.Buffers;
using Avro.Generic;
using CsCheck;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>Our codec against Apache.Avro, the reference implementation, on random manifests and decisions.</summary>
public sealed class CrossImplementationTests
{
    private const int Iterations = 300;

    private static readonly ManifestDecoder s_detecting = new(SchemaRegistry.Default);
    private static readonly ManifestDecoder s_raw = new(SchemaRegistry.Default, framing: MessageFraming.Raw);

    [Theory]
    [InlineData(MessageFraming.Raw)]
    [InlineData(MessageFraming.Confluent)]
    [InlineData(MessageFraming.SingleObject)]
    public void Decode_ApacheEncodedManifest_EveryFieldEqual(MessageFraming framing)
    {
        ulong fingerprint = ApacheAvro.Fingerprint(ApacheAvro.ManifestSchema);
        Generators.Manifest.Sample(
            m =>
            {
                Dictionary<string, object?> tree = ManifestTree.From(m);
                byte[] datum = ApacheAvro.Encode(ApacheAvro.ManifestSchema, tree);
                byte[] message = Frames.Frame(framing, SchemaRegistry.DefaultManifestSchemaId, fingerprint, datum);

                // Auto-detection assumes a non-empty manifestId for raw datums (see FrameHeader), so raw uses a fixed framing.
                ManifestDecoder decoder = framing == MessageFraming.Raw ? s_raw : s_detecting;
                var view = new ManifestView();
                AvroError error = decoder.Decode(message, 0, message.Length, view);

                Assert.False(error.IsError, error.ToString());
                Assert.Equal(framing, view.Framing);
                Assert.Equal(framing == MessageFraming.Confluent ? SchemaRegistry.DefaultManifestSchemaId : -1, view.SchemaId);
                Assert.Equal(fingerprint, view.WriterFingerprint);
                ViewAssert.Matches(tree, view);
            },
            iter: Iterations,
            print: Generators.Print);
    }

    [Fact]
    public void Encode_RandomManifest_ApacheDecodesEqualValues()
    {
        Generators.Manifest.Sample(
            m =>
            {
                byte[] datum = ManifestEncoder.ToBytes(m);
                object? decoded = ApacheAvro.Decode(ApacheAvro.ManifestSchema, ApacheAvro.ManifestSchema, datum);

                TreeAssert.Equal(ManifestTree.From(m), decoded);
            },
            iter: Iterations,
            print: Generators.Print);
    }

    [Theory]
    [InlineData(MessageFraming.Confluent)]
    [InlineData(MessageFraming.SingleObject)]
    public void Encode_Framed_HeaderMatchesApacheFingerprintAndDatumMatchesApache(MessageFraming framing)
    {
        ManifestRecord m = SampleManifests.Typical();
        byte[] message = ManifestEncoder.ToBytes(m, framing, schemaId: 7);
        byte[] expected = Frames.Frame(framing, 7, ApacheAvro.Fingerprint(ApacheAvro.ManifestSchema), ApacheAvro.Encode(ApacheAvro.ManifestSchema, ManifestTree.From(m)));

        Assert.Equal(expected, message);
        Assert.Equal(ApacheAvro.Fingerprint(ApacheAvro.ManifestSchema), ManifestEncoder.Fingerprint);
    }

    [Fact]
    public void DecisionWriter_RandomDecision_ApacheDecodesEqualValues()
    {
        Generators.Decision.Sample(
            spec =>
            {
                var decision = new CustomsDecision();
                spec.ApplyTo(decision);
                var buffer = new ArrayBufferWriter<byte>();
                long written = DecisionWriter.Write(buffer, decision);

                Assert.Equal(buffer.WrittenCount, written);
                object? decoded = ApacheAvro.Decode(ApacheAvro.DecisionSchema, ApacheAvro.DecisionSchema, buffer.WrittenSpan.ToArray());
                TreeAssert.Equal(spec.ToTree(), decoded);
            },
            iter: Iterations);
    }

    [Fact]
    public void DecisionWriter_ReusedDecision_WritesOnlyTheLatestValues()
    {
        var decision = new CustomsDecision();
        Generators.Decision.Sample(
            spec =>
            {
                // One decision object for every sample: Reset must forget reasons, source and related ids.
                lock (decision)
                {
                    spec.ApplyTo(decision);
                    var buffer = new ArrayBufferWriter<byte>();
                    DecisionWriter.Write(buffer, decision);
                    TreeAssert.Equal(spec.ToTree(), ApacheAvro.Decode(ApacheAvro.DecisionSchema, ApacheAvro.DecisionSchema, buffer.WrittenSpan.ToArray()));
                }
            },
            iter: 100);
    }

    [Theory]
    [InlineData(MessageFraming.Confluent)]
    [InlineData(MessageFraming.SingleObject)]
    public void DecisionWriter_Framed_HeaderMatchesApacheFingerprint(MessageFraming framing)
    {
        var spec = new DecisionSpec("MF-1", "RR123456785CN", Outcome.Hold, 0.42, [("R1", "VAGUE_DESCRIPTION", "gift")], "2026.1", 1_795_000_000_000, ("manifests", 3, 99), false, DecisionKind.Amendment, ["MF-0"]);
        var decision = new CustomsDecision();
        spec.ApplyTo(decision);
        var buffer = new ArrayBufferWriter<byte>();
        DecisionWriter.Write(buffer, decision, framing, schemaId: 9);

        byte[] expected = Frames.Frame(framing, 9, ApacheAvro.Fingerprint(ApacheAvro.DecisionSchema), ApacheAvro.Encode(ApacheAvro.DecisionSchema, spec.ToTree()));
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.Equal(ApacheAvro.Fingerprint(ApacheAvro.DecisionSchema), DecisionWriter.Fingerprint);
    }

    [Fact]
    public void DecisionWriter_SchemaFieldNames_FollowTheDecisionSchema()
    {
        string[] apache = [.. ApacheAvro.DecisionSchema.Fields.Select(f => f.Name)];

        Assert.Equal(apache, DecisionWriter.SchemaFieldNames());
    }

    [Fact]
    public void ApacheGenericRecord_TypicalManifest_RoundTripsThroughTheTree()
    {
        // Guards the test oracle itself: tree -> GenericRecord -> tree is the identity.
        Dictionary<string, object?> tree = ManifestTree.From(SampleManifests.Typical());
        var record = (GenericRecord)ApacheAvro.ToGeneric(ApacheAvro.ManifestSchema, tree, "$")!;

        TreeAssert.Equal(tree, ApacheAvro.FromGeneric(record));
    }
}
