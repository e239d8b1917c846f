using System.Buffers;

namespace ParcelStream.Codec.Inspections;

/// <summary>Writes an <see cref="InspectionReport"/> as a parcelstream.v1.InspectionResult datum, framed as asked.</summary>
public static class InspectionReportWriter
{
    private static readonly ulong s_fingerprint = SchemaRegistry.InspectionResultSchema.Fingerprint();

    /// <summary>Gets the CRC-64-AVRO fingerprint of the inspection-result schema written.</summary>
    public static ulong Fingerprint => s_fingerprint;

    /// <summary>Writes one result.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="report">The result.</param>
    /// <param name="framing">Framing of the record.</param>
    /// <param name="schemaId">Confluent schema id of the inspection-result schema (Confluent framing only).</param>
    /// <returns>Bytes written.</returns>
    public static long Write(IBufferWriter<byte> output, InspectionReport report, MessageFraming framing = MessageFraming.Raw, int schemaId = SchemaRegistry.DefaultInspectionResultSchemaId)
    {
        ArgumentNullException.ThrowIfNull(report);
        var w = new AvroWriter(output);
        FrameHeader.Write(ref w, framing, schemaId, s_fingerprint);
        w.WriteString(report.ManifestId.AsSpan());
        WriteOptional(ref w, report.TrackingNumber);
        w.WriteEnum((int)report.Result);
        if (report.FindingCodes.Count > 0)
        {
            w.WriteBlockStart(report.FindingCodes.Count);
            foreach (string code in report.FindingCodes)
            {
                w.WriteString(code.AsSpan());
            }
        }

        w.WriteBlockEnd();
        w.WriteString(report.Inspector.AsSpan());
        w.WriteLong(report.InspectedAtMillis);
        WriteOptional(ref w, report.Office);
        w.Flush();
        return w.BytesWritten;
    }

    /// <summary>Writes one result to a new array (tests, tools, the generator).</summary>
    /// <param name="report">The result.</param>
    /// <param name="framing">Framing of the record.</param>
    /// <param name="schemaId">The Confluent schema id written with <see cref="MessageFraming.Confluent"/> (a registry's, or the local default).</param>
    /// <returns>The record bytes.</returns>
    public static byte[] ToArray(InspectionReport report, MessageFraming framing = MessageFraming.Raw, int schemaId = SchemaRegistry.DefaultInspectionResultSchemaId)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(buffer, report, framing, schemaId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Gets the field names in the order this writer writes them (checked against the schema by tests).</summary>
    /// <returns>The names.</returns>
    internal static IEnumerable<string> FieldOrder() =>
        ["manifestId", "trackingNumber", "result", "findingCodes", "inspector", "inspectedAt", "office"];

    private static void WriteOptional(ref AvroWriter w, string? value)
    {
        if (value is null)
        {
            w.WriteUnionIndex(0);
            return;
        }

        w.WriteUnionIndex(1);
        w.WriteString(value.AsSpan());
    }
}
