using System.Buffers;

namespace ParcelStream.Codec.Manifest;

/// <summary>Writes a <see cref="ManifestRecord"/> with the v1 manifest schema (for tests, the generator and replay files).</summary>
public static class ManifestEncoder
{
    private static readonly ulong s_fingerprint = SchemaRegistry.ManifestSchema.Fingerprint();

    /// <summary>Gets the CRC-64-AVRO fingerprint of the manifest schema written.</summary>
    public static ulong Fingerprint => s_fingerprint;

    /// <summary>Writes one framed manifest.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="manifest">The manifest.</param>
    /// <param name="framing">The framing.</param>
    /// <param name="schemaId">Confluent schema id (Confluent framing only).</param>
    /// <returns>Bytes written.</returns>
    public static long Write(IBufferWriter<byte> output, ManifestRecord manifest, MessageFraming framing = MessageFraming.Raw, int schemaId = SchemaRegistry.DefaultManifestSchemaId)
    {
        var w = new AvroWriter(output);
        FrameHeader.Write(ref w, framing, schemaId, s_fingerprint);
        WriteDatum(ref w, manifest);
        w.Flush();
        return w.BytesWritten;
    }

    /// <summary>Encodes one manifest into a new array.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="framing">The framing.</param>
    /// <param name="schemaId">Confluent schema id (Confluent framing only).</param>
    /// <returns>The message bytes.</returns>
    public static byte[] ToBytes(ManifestRecord manifest, MessageFraming framing = MessageFraming.Raw, int schemaId = SchemaRegistry.DefaultManifestSchemaId)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Write(buffer, manifest, framing, schemaId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the datum (no frame).</summary>
    /// <param name="w">The writer.</param>
    /// <param name="m">The manifest.</param>
    public static void WriteDatum(ref AvroWriter w, ManifestRecord m)
    {
        ArgumentNullException.ThrowIfNull(m);
        w.WriteString(m.ManifestId);
        w.WriteString(m.TrackingNumber);
        w.WriteString(m.OperatorCode);
        w.WriteEnum((int)m.OperatorType);
        w.WriteLong(m.CreatedAtMillis);
        WriteNullable(ref w, m.AirWaybill);
        w.WriteEnum((int)m.TransportMode);
        WriteNullable(ref w, m.CarrierCode);
        WriteNullable(ref w, m.FlightOrVoyage);
        WriteNullable(ref w, m.LoadingPort);
        WriteNullable(ref w, m.ArrivalPort);
        w.WriteString(m.DepartureCountry);
        w.WriteString(m.DestinationCountry);
        WriteParty(ref w, m.Consignor);
        WriteParty(ref w, m.Consignee);
        w.WriteEnum((int)m.Category);
        if (m.Items.Count > 0)
        {
            w.WriteBlockStart(m.Items.Count);
            foreach (ItemRecord item in m.Items)
            {
                w.WriteString(item.Description);
                w.WriteString(item.HsCode);
                w.WriteInt(item.Quantity);
                w.WriteInt(item.NetWeightGrams);
                w.WriteLong(item.ValueMinor);
                w.WriteString(item.OriginCountry);
            }
        }

        w.WriteBlockEnd();
        w.WriteString(m.Currency);
        w.WriteLong(m.TotalValueMinor);
        w.WriteInt(m.GrossWeightGrams);
        w.WriteInt(m.Pieces);
        WriteNullable(ref w, m.IossNumber);
        WriteNullable(ref w, m.MarketplaceId);
        WriteNullable(ref w, m.SellerId);
    }

    private static void WriteParty(ref AvroWriter w, PartyRecord p)
    {
        w.WriteString(p.Name);
        w.WriteString(p.AddressLine1);
        WriteNullable(ref w, p.AddressLine2);
        w.WriteString(p.City);
        WriteNullable(ref w, p.PostalCode);
        w.WriteString(p.CountryCode);
        WriteNullable(ref w, p.TaxId);
        WriteNullable(ref w, p.Email);
        WriteNullable(ref w, p.Phone);
    }

    private static void WriteNullable(ref AvroWriter w, string? value)
    {
        if (value is null)
        {
            w.WriteUnionIndex(0);
        }
        else
        {
            w.WriteUnionIndex(1);
            w.WriteString(value);
        }
    }
}
