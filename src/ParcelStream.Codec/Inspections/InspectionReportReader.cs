using System.Text;

namespace ParcelStream.Codec.Inspections;

/// <summary>
/// Reads a parcelstream.v1.InspectionResult record (Confluent, single-object or raw framing) written with this build's
/// schema. Never throws on bad input: a corrupt record gives an error with the byte offset.
/// </summary>
public static class InspectionReportReader
{
    private const int OutcomeCount = 2;

    /// <summary>Reads one framed result.</summary>
    /// <param name="message">The record value.</param>
    /// <param name="registry">
    /// When given, a Confluent schema id must name this build's inspection-result schema in it (else
    /// <see cref="AvroErrorCode.UnknownSchemaId"/> or <see cref="AvroErrorCode.SchemaMismatch"/>); null accepts any id.
    /// </param>
    /// <param name="report">The result, or null on error.</param>
    /// <returns><see cref="AvroError.None"/>, or why the bytes are not an inspection result.</returns>
    public static AvroError Read(ReadOnlySpan<byte> message, SchemaRegistry? registry, out InspectionReport? report)
    {
        report = null;
        AvroError frame = FrameHeader.TryRead(message, null, out MessageFraming framing, out int header, out int schemaId, out ulong fingerprint);
        if (frame.IsError)
        {
            return frame;
        }

        if (framing == MessageFraming.SingleObject && fingerprint != InspectionReportWriter.Fingerprint)
        {
            return new AvroError(AvroErrorCode.UnknownFingerprint, 2);
        }

        if (framing == MessageFraming.Confluent && registry is not null)
        {
            if (!registry.TryGetById(schemaId, out RegisteredSchema schema))
            {
                return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
            }

            if (schema.Fingerprint != InspectionReportWriter.Fingerprint)
            {
                return new AvroError(AvroErrorCode.SchemaMismatch, 1);
            }
        }

        var r = new AvroReader(message.Slice(header), CodecLimits.Default.MaxStringBytes, header);
        if (!TryReadDatum(ref r, out report))
        {
            report = null;
            return r.HasError ? r.Error : new AvroError(AvroErrorCode.Truncated, r.AbsolutePosition);
        }

        if (r.Remaining != 0)
        {
            report = null;
            return new AvroError(AvroErrorCode.TrailingBytes, r.AbsolutePosition);
        }

        return default;
    }

    private static bool TryReadDatum(ref AvroReader r, out InspectionReport? report)
    {
        report = null;
        if (!r.TryReadString(out ReadOnlySpan<byte> manifestId) || !TryReadOptional(ref r, out string? tracking)
            || !r.TryReadEnum(OutcomeCount, out int result))
        {
            return false;
        }

        var codes = new List<string>();
        if (!AvroBlocks.TryReadStrings(ref r, CodecLimits.Default.MaxItems, codes))
        {
            return false;
        }

        if (!r.TryReadString(out ReadOnlySpan<byte> inspector) || !r.TryReadLong(out long inspectedAt) || !TryReadOptional(ref r, out string? office))
        {
            return false;
        }

        report = new InspectionReport(Encoding.UTF8.GetString(manifestId), (InspectionOutcome)result, Encoding.UTF8.GetString(inspector), inspectedAt)
        {
            TrackingNumber = tracking,
            FindingCodes = codes,
            Office = office,
        };
        return true;
    }

    private static bool TryReadOptional(ref AvroReader r, out string? value)
    {
        value = null;
        if (!r.TryReadUnionIndex(2, out int branch))
        {
            return false;
        }

        if (branch == 0)
        {
            return true;
        }

        if (!r.TryReadString(out ReadOnlySpan<byte> text))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(text);
        return true;
    }
}
