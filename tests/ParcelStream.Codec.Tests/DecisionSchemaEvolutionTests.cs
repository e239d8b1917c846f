using System.Buffers;
using CsCheck;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

/// <summary>
/// The decision schema gained referral and assessment (id 4), then the inspection cut-off (id 5), then the learned
/// model (id 6), as optional fields with null defaults at the end of the record. Apache.Avro is the independent reader:
/// a consumer holding an earlier schema (id 2, 4 or 5) reads new decisions by schema resolution, and this project reads
/// decisions written with any of them.
/// </summary>
public sealed class DecisionSchemaEvolutionTests
{
    private const int Iterations = 200;

    private static readonly Lazy<Avro.RecordSchema> s_previous = new(() => (Avro.RecordSchema)ApacheAvro.Parse(RepoPaths.SchemaText("customs-decision-id2.avsc")));
    private static readonly Lazy<Avro.RecordSchema> s_id4 = new(() => (Avro.RecordSchema)ApacheAvro.Parse(RepoPaths.SchemaText("customs-decision-id4.avsc")));
    private static readonly Lazy<Avro.RecordSchema> s_id5 = new(() => (Avro.RecordSchema)ApacheAvro.Parse(RepoPaths.SchemaText("customs-decision-id5.avsc")));

    public static TheoryData<MessageFraming> Framings() => [MessageFraming.Confluent, MessageFraming.SingleObject, MessageFraming.Raw];

    [Fact]
    public void NewSchema_AddsOnlyOptionalFieldsWithNullDefaultsAtTheEnd()
    {
        string[] previous = [.. s_previous.Value.Fields.Select(f => f.Name)];
        Avro.Field[] current = [.. ApacheAvro.DecisionSchema.Fields];

        Assert.Equal(previous, current.Take(previous.Length).Select(f => f.Name));
        Assert.Equal(["referral", "assessment", "inspectionCutoff", "model"], current.Skip(previous.Length).Select(f => f.Name));
        Assert.Equal([.. s_id4.Value.Fields.Select(f => f.Name)], current.Take(s_id4.Value.Fields.Count).Select(f => f.Name));
        Assert.Equal([.. s_id5.Value.Fields.Select(f => f.Name)], current.Take(s_id5.Value.Fields.Count).Select(f => f.Name));
        Assert.All(current.Skip(previous.Length), f =>
        {
            Avro.UnionSchema union = Assert.IsType<Avro.UnionSchema>(f.Schema);
            Assert.Equal(Avro.Schema.Type.Null, union.Schemas[0].Tag);
            Schemas.AvroField ours = SchemaRegistry.DecisionSchema.FindField(f.Name)!;
            Assert.True(ours.HasDefault, f.Name);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, ours.DefaultValue!.Value.ValueKind);
        });
    }

    public static TheoryData<string, string[]> EarlierSchemas() => new()
    {
        { "customs-decision-id2.avsc", ["referral", "assessment", "inspectionCutoff", "model"] },
        { "customs-decision-id4.avsc", ["inspectionCutoff", "model"] },
        { "customs-decision-id5.avsc", ["model"] },
    };

    [Theory]
    [MemberData(nameof(EarlierSchemas))]
    public void ConsumerWithEarlierSchema_ReadsNewDecisions(string schemaFile, string[] added)
    {
        var earlier = (Avro.RecordSchema)ApacheAvro.Parse(RepoPaths.SchemaText(schemaFile));
        Generators.Decision.Sample(
            spec =>
            {
                var decision = new CustomsDecision();
                spec.ApplyTo(decision);
                var buffer = new ArrayBufferWriter<byte>();
                DecisionWriter.Write(buffer, decision);

                // Apache resolves the writer's (new) schema to the reader's (earlier) one: the added fields are skipped.
                object? decoded = ApacheAvro.Decode(ApacheAvro.DecisionSchema, earlier, buffer.WrittenSpan.ToArray());

                Dictionary<string, object?> expected = spec.ToTree();
                foreach (string field in added)
                {
                    expected.Remove(field);
                }

                TreeAssert.Equal(expected, decoded);
            },
            iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void DecisionReader_DecisionWrittenWithSchemaId4_ReadsItWithoutCutoff(MessageFraming framing)
    {
        Generators.Decision.Sample(
            generated =>
            {
                DecisionSpec spec = NonEmptyId(generated);
                Dictionary<string, object?> id4Tree = spec.ToTree();
                id4Tree.Remove("inspectionCutoff");
                id4Tree.Remove("model");
                byte[] datum = ApacheAvro.Encode(s_id4.Value, id4Tree);
                byte[] message = Frames.Frame(framing, SchemaRegistry.Id4DecisionSchemaId, ApacheAvro.Fingerprint(s_id4.Value), datum);

                var read = new CustomsDecision();
                AvroError error = DecisionReader.Read(message, read);

                Assert.False(error.IsError, error.ToString());
                Assert.True(double.IsNaN(read.Cutoff));
                var buffer = new ArrayBufferWriter<byte>();
                DecisionWriter.Write(buffer, read);
                TreeAssert.Equal((spec with { Cutoff = null, Model = null }).ToTree(), ApacheAvro.Decode(ApacheAvro.DecisionSchema, ApacheAvro.DecisionSchema, buffer.WrittenSpan.ToArray()));
            },
            iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void DecisionReader_DecisionWrittenWithSchemaId5_ReadsItWithoutModel(MessageFraming framing)
    {
        Generators.Decision.Sample(
            generated =>
            {
                DecisionSpec spec = NonEmptyId(generated);
                Dictionary<string, object?> id5Tree = spec.ToTree();
                id5Tree.Remove("model");
                byte[] datum = ApacheAvro.Encode(s_id5.Value, id5Tree);
                byte[] message = Frames.Frame(framing, SchemaRegistry.Id5DecisionSchemaId, ApacheAvro.Fingerprint(s_id5.Value), datum);

                var read = new CustomsDecision();
                AvroError error = DecisionReader.Read(message, read);

                Assert.False(error.IsError, error.ToString());
                Assert.True(double.IsNaN(read.ModelScore));
                Assert.True(read.ModelVersion.IsEmpty);
                var buffer = new ArrayBufferWriter<byte>();
                DecisionWriter.Write(buffer, read);
                TreeAssert.Equal((spec with { Model = null }).ToTree(), ApacheAvro.Decode(ApacheAvro.DecisionSchema, ApacheAvro.DecisionSchema, buffer.WrittenSpan.ToArray()));
            },
            iter: Iterations);
    }

    [Theory]
    [MemberData(nameof(Framings))]
    public void DecisionReader_DecisionWrittenWithPreviousSchema_ReadsItWithoutReferralOrAssessment(MessageFraming framing)
    {
        Generators.Decision.Sample(
            generated =>
            {
                DecisionSpec spec = NonEmptyId(generated);
                Dictionary<string, object?> previousTree = spec.ToTree();
                previousTree.Remove("referral");
                previousTree.Remove("assessment");
                previousTree.Remove("inspectionCutoff");
                previousTree.Remove("model");
                byte[] datum = ApacheAvro.Encode(s_previous.Value, previousTree);
                byte[] message = Frames.Frame(framing, SchemaRegistry.PreviousDecisionSchemaId, ApacheAvro.Fingerprint(s_previous.Value), datum);

                var read = new CustomsDecision();
                AvroError error = DecisionReader.Read(message, read);

                Assert.False(error.IsError, error.ToString());
                Assert.Equal((Referral.None, false), (read.Referral, read.HasAssessment));

                // Written again with the new schema, it is the old decision with referral NONE and no assessment.
                var buffer = new ArrayBufferWriter<byte>();
                DecisionWriter.Write(buffer, read);
                TreeAssert.Equal((spec with { Referral = Referral.None, Assessment = null, Cutoff = null, Model = null }).ToTree(), ApacheAvro.Decode(ApacheAvro.DecisionSchema, ApacheAvro.DecisionSchema, buffer.WrittenSpan.ToArray()));
            },
            iter: Iterations);
    }

    [Fact]
    public void DecisionReader_NewDecisionFromApache_ReadsReferralAndAssessment()
    {
        Generators.Decision.Sample(
            generated =>
            {
                byte[] datum = ApacheAvro.Encode(ApacheAvro.DecisionSchema, NonEmptyId(generated).ToTree());

                var read = new CustomsDecision();
                AvroError error = DecisionReader.Read(datum, read);
                Assert.False(error.IsError, error.ToString());

                var buffer = new ArrayBufferWriter<byte>();
                DecisionWriter.Write(buffer, read);
                Assert.Equal(datum, buffer.WrittenSpan.ToArray());
            },
            iter: Iterations);
    }

    [Fact]
    public void Registry_KeepsThePreviousDecisionSchemaUnderItsId()
    {
        SchemaRegistry fromDirectory = SchemaRegistry.LoadDirectory(RepoPaths.SchemaDirectory);

        foreach (SchemaRegistry registry in new[] { SchemaRegistry.Default, fromDirectory })
        {
            Assert.True(registry.TryGetById(SchemaRegistry.PreviousDecisionSchemaId, out RegisteredSchema previous));
            Assert.True(registry.TryGetById(SchemaRegistry.Id4DecisionSchemaId, out RegisteredSchema id4));
            Assert.True(registry.TryGetById(SchemaRegistry.Id5DecisionSchemaId, out RegisteredSchema id5));
            Assert.True(registry.TryGetById(SchemaRegistry.DefaultDecisionSchemaId, out RegisteredSchema current));
            Assert.Equal(ApacheAvro.Fingerprint(s_previous.Value), previous.Fingerprint);
            Assert.Equal(ApacheAvro.Fingerprint(s_id4.Value), id4.Fingerprint);
            Assert.Equal(ApacheAvro.Fingerprint(s_id5.Value), id5.Fingerprint);
            Assert.Equal(ApacheAvro.Fingerprint(ApacheAvro.DecisionSchema), current.Fingerprint);
        }

        Assert.Equal(6, SchemaRegistry.DefaultDecisionSchemaId);
    }

    /// <summary>An unframed datum starting with an empty manifestId (byte 0) reads as Confluent framing's magic byte: give it one character.</summary>
    private static DecisionSpec NonEmptyId(DecisionSpec spec) => spec with { ManifestId = "M" + spec.ManifestId };
}
