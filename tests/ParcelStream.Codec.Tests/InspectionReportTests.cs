using System.Buffers;
using Avro.Generic;
using Avro.IO;
using ParcelStream.Codec.Inspections;
using ParcelStream.Codec.Tests.Support;

namespace ParcelStream.Codec.Tests;

public sealed class InspectionReportTests
{
    private static readonly Avro.RecordSchema s_apache = (Avro.RecordSchema)ApacheAvro.Parse(RepoPaths.SchemaText("inspection-result.avsc"));

    private static InspectionReport Sample() =>
        new("MF-2026-11-18-000000042", InspectionOutcome.Found, "officer-17", 1_795_000_123_456)
        {
            TrackingNumber = "RR123456785CN",
            FindingCodes = ["UNDERVALUED", "COUNTERFEIT"],
            Office = "DE004851",
        };

    [Theory]
    [InlineData(MessageFraming.Raw)]
    [InlineData(MessageFraming.Confluent)]
    [InlineData(MessageFraming.SingleObject)]
    public void Read_WrittenReport_RoundTrips(MessageFraming framing)
    {
        InspectionReport report = Sample();
        byte[] bytes = InspectionReportWriter.ToArray(report, framing);
        AvroError error = InspectionReportReader.Read(bytes, SchemaRegistry.Default, out InspectionReport? back);
        Assert.False(error.IsError, error.ToString());
        Assert.Equal(report.ManifestId, back!.ManifestId);
        Assert.Equal(report.Result, back.Result);
        Assert.Equal(report.FindingCodes, back.FindingCodes);
        Assert.Equal((report.TrackingNumber, report.Inspector, report.InspectedAtMillis, report.Office), (back.TrackingNumber, back.Inspector, back.InspectedAtMillis, back.Office));
    }

    [Fact]
    public void Write_Report_ApacheReadsEveryField()
    {
        var buffer = new ArrayBufferWriter<byte>();
        InspectionReportWriter.Write(buffer, Sample() with { Office = null, Result = InspectionOutcome.Clean, FindingCodes = [] });
        using var stream = new MemoryStream(buffer.WrittenSpan.ToArray());
        var record = (GenericRecord)new GenericDatumReader<object>(s_apache, s_apache).Read(null!, new BinaryDecoder(stream));
        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal("MF-2026-11-18-000000042", record["manifestId"]);
        Assert.Equal("RR123456785CN", record["trackingNumber"]);
        Assert.Equal("CLEAN", ((GenericEnum)record["result"]).Value);
        Assert.Empty((object[])record["findingCodes"]);
        Assert.Equal("officer-17", record["inspector"]);
        Assert.Equal(1_795_000_123_456L, record["inspectedAt"]);
        Assert.Null(record["office"]);
    }

    [Fact]
    public void Writer_FieldOrder_MatchesTheSchema() =>
        Assert.Equal(SchemaRegistry.InspectionResultSchema.Fields.Select(f => f.Name), InspectionReportWriter.FieldOrder());

    [Fact]
    public void Registry_Default_KnowsTheSchemaByIdAndFingerprint()
    {
        Assert.True(SchemaRegistry.Default.TryGetById(SchemaRegistry.DefaultInspectionResultSchemaId, out RegisteredSchema byId));
        Assert.Equal(InspectionReportWriter.Fingerprint, byId.Fingerprint);
        Assert.Equal(ApacheAvro.Fingerprint(s_apache), InspectionReportWriter.Fingerprint);
        SchemaRegistry fromFiles = SchemaRegistry.LoadDirectory(RepoPaths.SchemaDirectory);
        Assert.True(fromFiles.TryGetById(SchemaRegistry.DefaultInspectionResultSchemaId, out RegisteredSchema file));
        Assert.Equal(InspectionReportWriter.Fingerprint, file.Fingerprint);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x63, 0x02, 0x41 }, AvroErrorCode.UnknownSchemaId)]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x41 }, AvroErrorCode.SchemaMismatch)]
    [InlineData(new byte[] { 0x02, 0x41, 0x00, 0x04 }, AvroErrorCode.InvalidEnumIndex)]
    [InlineData(new byte[] { 0x02, 0x41, 0x04 }, AvroErrorCode.InvalidUnionIndex)]
    [InlineData(new byte[] { 0x02 }, AvroErrorCode.Truncated)]
    [InlineData(new byte[] { 0x02, 0x41, 0x00, 0x00, 0x00, 0x02, 0x42, 0x02, 0x00, 0x00 }, AvroErrorCode.TrailingBytes)]
    public void Read_BadBytes_ErrorWithoutReport(byte[] bytes, AvroErrorCode expected)
    {
        AvroError error = InspectionReportReader.Read(bytes, SchemaRegistry.Default, out InspectionReport? report);
        Assert.Equal(expected, error.Code);
        Assert.Null(report);
    }

    [Fact]
    public void Read_TooManyFindingCodes_TooManyItems()
    {
        var buffer = new ArrayBufferWriter<byte>();
        InspectionReportWriter.Write(buffer, Sample() with { FindingCodes = [.. Enumerable.Repeat("X", CodecLimits.Default.MaxItems + 1)] });
        Assert.Equal(AvroErrorCode.TooManyItems, InspectionReportReader.Read(buffer.WrittenSpan, null, out _).Code);
    }
}
