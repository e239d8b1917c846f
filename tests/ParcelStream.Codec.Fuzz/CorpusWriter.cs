using System.Buffers;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Tests;

namespace ParcelStream.Codec.Fuzz;

/// <summary>Writes the seed corpus: valid manifests in each framing, evolved-schema manifests, generic values, broken inputs.</summary>
public static partial class CorpusWriter
{
    private const int UnknownSchemaId = 77;

    /// <summary>Writes every seed into <paramref name="directory"/> (created when missing), replacing files of the same name.</summary>
    /// <param name="directory">Where the files go.</param>
    /// <returns>The number of files written.</returns>
    public static int Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var seeds = new List<(string Name, byte[] Bytes)>();
        ManifestRecord typical = SampleManifests.Typical();
        ManifestRecord minimal = Minimal();
        foreach ((string framingName, MessageFraming framing) in new[] { ("raw", MessageFraming.Raw), ("confluent", MessageFraming.Confluent), ("single-object", MessageFraming.SingleObject) })
        {
            seeds.Add(($"valid-typical-{framingName}", ManifestEncoder.ToBytes(typical, framing)));
            seeds.Add(($"valid-minimal-{framingName}", ManifestEncoder.ToBytes(minimal, framing)));
        }

        ulong evolvedFingerprint = FuzzSchemas.EvolvedManifest.Fingerprint();
        seeds.Add(("evolved-typical-raw", Evolved(typical, MessageFraming.Raw, evolvedFingerprint)));
        seeds.Add(("evolved-typical-confluent", Evolved(typical, MessageFraming.Confluent, evolvedFingerprint)));
        seeds.Add(("evolved-typical-single-object", Evolved(typical, MessageFraming.SingleObject, evolvedFingerprint)));
        seeds.Add(("evolved-minimal-confluent", Evolved(minimal, MessageFraming.Confluent, evolvedFingerprint)));
        seeds.Add(("generic-blob", GenericBlob()));

        byte[] raw = ManifestEncoder.ToBytes(typical);
        seeds.Add(("broken-truncated-raw", raw[..(raw.Length / 2)]));
        seeds.Add(("broken-unknown-id-confluent", ManifestEncoder.ToBytes(typical, MessageFraming.Confluent, UnknownSchemaId)));
        seeds.Add(("broken-bad-utf8-raw", WithByte(raw, 1, 0xFF)));
        seeds.Add(("broken-negative-length-raw", WithByte(raw, 0, 0x01)));
        seeds.Add(("broken-varint-too-long-raw", [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]));
        seeds.Add(("broken-trailing-bytes-raw", [.. raw, 0x00]));

        foreach ((string name, byte[] bytes) in seeds)
        {
            File.WriteAllBytes(Path.Combine(directory, name + ".bin"), bytes);
        }

        return seeds.Count;
    }

    private static ManifestRecord Minimal() => new()
    {
        ManifestId = "M",
        TrackingNumber = string.Empty,
        OperatorCode = string.Empty,
        DepartureCountry = "CN",
        DestinationCountry = "DE",
        Currency = "EUR",
    };

    private static byte[] WithByte(byte[] bytes, int index, byte value)
    {
        byte[] copy = [.. bytes];
        copy[index] = value;
        return copy;
    }

    /// <summary>Writes <paramref name="m"/> with <see cref="FuzzSchemas.EvolvedManifestJson"/>, field by field in its order.</summary>
    private static byte[] Evolved(ManifestRecord m, MessageFraming framing, ulong fingerprint)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var w = new AvroWriter(buffer);
        FrameHeader.Write(ref w, framing, FuzzSchemas.EvolvedManifestId, fingerprint);
        w.WriteString(m.TrackingNumber);
        w.WriteUnionIndex(0);
        w.WriteString(m.ManifestId);
        w.WriteString(m.OperatorCode);
        w.WriteEnum((int)m.OperatorType);
        w.WriteLong(m.CreatedAtMillis);
        w.WriteEnum(1 + (int)m.TransportMode); // the evolved enum puts SEA first
        if (m.LoadingPort is not null)
        {
            // One block with its byte size (negative count), as a writer that buffers blocks sends it.
            var legs = new ArrayBufferWriter<byte>(64);
            var lw = new AvroWriter(legs);
            lw.WriteRaw("PEK"u8);
            lw.WriteUnionIndex(1);
            lw.WriteLong(m.CreatedAtMillis + 36_000_000);
            lw.WriteRaw("FRA"u8);
            lw.WriteUnionIndex(0);
            lw.Flush();
            w.WriteLong(-2);
            w.WriteLong(legs.WrittenCount);
            w.WriteRaw(legs.WrittenSpan);
        }

        w.WriteBlockEnd();
        w.WriteString(m.CarrierCode ?? string.Empty);
        Nullable(ref w, m.FlightOrVoyage);
        Nullable(ref w, m.LoadingPort);
        w.WriteString(m.DepartureCountry);
        w.WriteString(m.DestinationCountry);
        Party(ref w, m.Consignor, withGeo: true);
        Party(ref w, m.Consignee, withGeo: false);
        w.WriteEnum((int)m.Category);
        if (m.Items.Count > 0)
        {
            w.WriteBlockStart(m.Items.Count);
            foreach (ItemRecord item in m.Items)
            {
                w.WriteString(item.Description);
                w.WriteBytes(System.Text.Encoding.UTF8.GetBytes(item.HsCode));
                w.WriteInt(item.Quantity);
                w.WriteInt(item.NetWeightGrams);
                w.WriteInt((int)item.ValueMinor);
                w.WriteString(item.OriginCountry);
                w.WriteBoolean(item.Description.Contains("lithium", StringComparison.OrdinalIgnoreCase));
                w.WriteDouble(item.ValueMinor / 100.0 / Math.Max(1, item.Quantity));
                w.WriteBlockStart(1);
                w.WriteString("colour");
                w.WriteBlockStart(2);
                w.WriteString("black");
                w.WriteString("white");
                w.WriteBlockEnd();
                w.WriteBlockEnd();
            }
        }

        w.WriteBlockEnd();
        w.WriteString(m.Currency);
        w.WriteInt((int)m.TotalValueMinor);
        w.WriteInt(m.GrossWeightGrams);
        w.WriteInt(m.Pieces);
        Nullable(ref w, m.IossNumber);
        w.WriteString(m.MarketplaceId ?? string.Empty);
        w.WriteBytes([0xDE, 0xAD, 0xBE, 0xEF]);
        w.WriteUnionIndex(1);
        w.WriteBlockStart(4);
        w.WriteString("a");
        w.WriteUnionIndex(0);
        w.WriteString("b");
        w.WriteUnionIndex(1);
        w.WriteInt(-7);
        w.WriteString("c");
        w.WriteUnionIndex(2);
        w.WriteFloat(1.5f);
        w.WriteString("d");
        w.WriteUnionIndex(4);
        w.WriteBlockStart(3);
        w.WriteBlockEnd();
        w.WriteBlockEnd();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Party(ref AvroWriter w, PartyRecord p, bool withGeo)
    {
        w.WriteString(p.Name);
        w.WriteString(p.AddressLine1);
        Nullable(ref w, p.AddressLine2);
        w.WriteString(p.City);
        Nullable(ref w, p.PostalCode);
        w.WriteString(p.CountryCode);
        Nullable(ref w, p.TaxId);
        Nullable(ref w, p.Email);
        if (withGeo)
        {
            w.WriteUnionIndex(1);
            w.WriteRaw("wx4g0ec1"u8);
        }
        else
        {
            w.WriteUnionIndex(0);
        }

        w.WriteBlockStart(1);
        w.WriteString("vatStatus");
        w.WriteString("registered");
        w.WriteBlockEnd();
    }

    private static void Nullable(ref AvroWriter w, string? value)
    {
        if (value is null)
        {
            w.WriteUnionIndex(0);
            return;
        }

        w.WriteUnionIndex(1);
        w.WriteString(value);
    }

    /// <summary>A value of <see cref="FuzzSchemas.GenericJson"/>: every branch of the attribute union, two levels of next.</summary>
    private static byte[] GenericBlob()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new AvroWriter(buffer);
        for (int level = 0; level < 2; level++)
        {
            w.WriteRaw("0123456789abcdef"u8);
            w.WriteBlockStart(3);
            w.WriteBoolean(true);
            w.WriteBoolean(false);
            w.WriteBoolean(true);
            w.WriteBlockEnd();
            w.WriteBlockStart(8);
            string[] keys = ["n", "i", "l", "f", "d", "s", "b", "e"];
            for (int branch = 0; branch < keys.Length; branch++)
            {
                w.WriteString(keys[branch]);
                w.WriteUnionIndex(branch);
                switch (branch)
                {
                    case 1: w.WriteInt(42); break;
                    case 2: w.WriteLong(-1L << 40); break;
                    case 3: w.WriteFloat(0.25f); break;
                    case 4: w.WriteDouble(-3.5); break;
                    case 5: w.WriteString("text"); break;
                    case 6: w.WriteBytes([1, 2, 3]); break;
                    case 7: w.WriteEnum(2); break;
                }
            }

            w.WriteBlockEnd();
            w.WriteBlockStart(1);
            w.WriteBlockStart(1);
            w.WriteString("nulls");
            w.WriteBlockStart(5);
            w.WriteBlockEnd();
            w.WriteBlockEnd();
            w.WriteBlockEnd();
            w.WriteUnionIndex(level == 0 ? 1 : 0);
        }

        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
