using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using ParcelStream.Codec;
using ParcelStream.Codec.Inspections;
using ParcelStream.Pipeline.Schemas;

namespace ParcelStream.Pipeline.Feedback;

/// <content>
/// Inspection results with ids a Confluent Schema Registry gave (an officer's tool writing with Confluent's
/// AvroSerializer under a subject of its own): the id is fetched on first sight, checked once against the
/// inspection-result schema and added to the codec's tables (copy-on-write), as the worker's lanes do for manifests.
/// </content>
internal sealed partial class FeedbackJoin
{
    /// <summary>Set when a record was given up while the registry could not be reached: nothing more is committed (it is consumed again after a restart).</summary>
    private volatile bool _abandoned;

    /// <summary>Reads an inspection result; an id the codec does not know is resolved through the registry first (slow path, once per id).</summary>
    /// <param name="value">The record value.</param>
    /// <param name="report">The result, or null on error.</param>
    /// <param name="abandoned">True when the join stopped while the registry was unreachable: the record is neither processed nor dead-lettered.</param>
    /// <returns><see cref="AvroError.None"/>, or why the bytes are not a readable inspection result.</returns>
    private AvroError ReadResult(ReadOnlySpan<byte> value, out InspectionReport? report, out bool abandoned)
    {
        abandoned = false;
        AvroError error = InspectionReportReader.Read(value, _registry, out report);
        return error.Code == AvroErrorCode.UnknownSchemaId && _schemas is not null ? ReadWithRegistry(value, out report, out abandoned) : error;
    }

    /// <summary>
    /// The first result of a schema id the codec does not know: fetched from the registry (waiting and retrying while it
    /// cannot be reached), then read. An id the registry does not know is UnknownSchemaId, another schema than the
    /// inspection result's SchemaMismatch.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private AvroError ReadWithRegistry(ReadOnlySpan<byte> value, out InspectionReport? report, out bool abandoned)
    {
        report = null;
        abandoned = false;

        // UnknownSchemaId comes only from Confluent framing: magic byte, then the id in 4 bytes big-endian.
        int id = BinaryPrimitives.ReadInt32BigEndian(value.Slice(1, sizeof(int)));
        switch (_schemas!.ResolveInspectionResult(id, _stopping.Token))
        {
            case SchemaResolution.Resolved:
                return InspectionReportReader.Read(value, _registry, out report);
            case SchemaResolution.Incompatible:
                return new AvroError(AvroErrorCode.SchemaMismatch, 1);
            case SchemaResolution.Stopped:
                abandoned = true;
                _abandoned = true;
                return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
            default:
                return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
        }
    }
}
