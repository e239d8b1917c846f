using System.Text;
using System.Text.Json.Nodes;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>Replay files: manifests written into a container and decoded back with <see cref="ManifestDecoder"/>.</summary>
public sealed class AvroContainerManifestTests
{
    [Theory]
    [InlineData(AvroContainerCodec.Null)]
    [InlineData(AvroContainerCodec.Deflate)]
    public void WriteManifest_DecodeEveryDatum_SameManifests(AvroContainerCodec codec)
    {
        List<ManifestRecord> manifests = [.. Enumerable.Range(0, 300).Select(Variant)];
        using var stream = new MemoryStream();
        using (AvroContainerWriter writer = AvroContainerManifests.CreateWriter(stream, new AvroContainerWriterOptions { Codec = codec, BlockBytes = 4096 }, leaveOpen: true))
        {
            foreach (ManifestRecord m in manifests)
            {
                // Both ways in: encoded straight into the block, and encoded first (ManifestEncoder.WriteDatum either way).
                if (m.Pieces % 2 == 0)
                {
                    writer.WriteManifest(m);
                }
                else
                {
                    writer.WriteDatum(ManifestEncoder.ToBytes(m));
                }
            }
        }

        stream.Position = 0;
        using AvroContainerFile file = AvroContainerFile.Open(stream);
        ManifestDecoder decoder = file.CreateManifestDecoder();
        var view = new ManifestView();
        var decoded = new List<ManifestRecord>();
        while (file.TryRead(out ReadOnlyMemory<byte> datum))
        {
            AvroError error = decoder.DecodeDatum(datum, view);
            Assert.False(error.IsError, error.ToString());
            Assert.Equal(MessageFraming.Raw, view.Framing);
            Assert.Equal(ManifestEncoder.Fingerprint, view.WriterFingerprint);
            decoded.Add(ToRecord(view));
        }

        Assert.False(file.Error.IsError, file.ErrorMessage);
        Assert.Equal(SchemaRegistry.ManifestSchema.ToCanonicalForm(), file.Schema.ToCanonicalForm());
        Assert.True(file.BlocksRead > 5);
        Assert.Equal(manifests.Count, decoded.Count);
        for (int i = 0; i < manifests.Count; i++)
        {
            Assert.Equal(ManifestEncoder.ToBytes(manifests[i]), ManifestEncoder.ToBytes(decoded[i]));
        }
    }

    [Fact]
    public void CreateManifestDecoder_EvolvedWriterSchema_ResolvesWithTheFileSchema()
    {
        // A later writer appended a field: decoding must use the file's schema, not assume the reader's.
        JsonNode schema = JsonNode.Parse(AvroContainerManifests.ManifestSchemaJson)!;
        schema["fields"]!.AsArray().Add(new JsonObject { ["name"] = "batchNumber", ["type"] = "long", ["default"] = 0 });
        List<ManifestRecord> manifests = [.. Enumerable.Range(0, 20).Select(Variant)];
        using var stream = new MemoryStream();
        using (var writer = new AvroContainerWriter(stream, schema.ToJsonString(), leaveOpen: true))
        {
            foreach (ManifestRecord m in manifests)
            {
                writer.WriteDatum(new EvolvedManifestSource(m, 1_000_000 + m.Pieces));
            }

            Assert.Throws<InvalidOperationException>(() => writer.WriteManifest(manifests[0]));
        }

        stream.Position = 0;
        using AvroContainerFile file = AvroContainerFile.Open(stream);
        ManifestDecoder decoder = file.CreateManifestDecoder();
        var view = new ManifestView();
        int i = 0;
        while (file.TryRead(out ReadOnlyMemory<byte> datum))
        {
            AvroError error = decoder.DecodeDatum(datum, view);
            Assert.False(error.IsError, error.ToString());
            Assert.Equal(file.Schema.Fingerprint(), view.WriterFingerprint);
            Assert.Equal(ManifestEncoder.ToBytes(manifests[i]), ManifestEncoder.ToBytes(ToRecord(view)));
            i++;
        }

        Assert.Equal(manifests.Count, i);
        Assert.False(file.Error.IsError, file.ErrorMessage);
    }

    [Fact]
    public void CreateManifestDecoder_NotAManifestSchema_Throws()
    {
        byte[] bytes = ContainerTestFiles.Write(ContainerRow.Sample(1));
        using AvroContainerFile file = AvroContainerFile.Open(new MemoryStream(bytes));

        Assert.Throws<AvroSchemaException>(() => file.CreateManifestDecoder());
    }

    [Fact]
    public void DecodeDatum_MemoryNotInAnArray_CopiedIntoTheView()
    {
        ManifestRecord m = Variant(7);
        byte[] datum = ManifestEncoder.ToBytes(m);
        using var opaque = new OpaqueMemoryManager(datum);
        Assert.False(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(opaque.Memory, out _));
        ManifestDecoder decoder = AvroContainerManifests.CreateDecoder(SchemaRegistry.ManifestSchema);
        var view = new ManifestView();

        AvroError error = decoder.DecodeDatum(opaque.Memory, view);

        Assert.False(error.IsError, error.ToString());
        Assert.Equal(datum, ManifestEncoder.ToBytes(ToRecord(view)));
    }

    private static ManifestRecord Variant(int i)
    {
        ManifestRecord m = SampleManifests.Typical();
        m.ManifestId = $"MF-2026-11-23-{i:D9}";
        m.Pieces = 1 + (i % 3);
        m.TotalValueMinor = 100 + (i * 13L);
        m.CreatedAtMillis += i * 1_000L;
        m.AirWaybill = i % 2 == 0 ? null : m.AirWaybill;
        m.Consignee.Email = i % 5 == 0 ? null : $"buyer{i}@example.de";
        m.Items.RemoveRange(0, i % 4);
        return m;
    }

    private static ManifestRecord ToRecord(ManifestView v)
    {
        var m = new ManifestRecord
        {
            ManifestId = Str(v, ManifestField.ManifestId),
            TrackingNumber = Str(v, ManifestField.TrackingNumber),
            OperatorCode = Str(v, ManifestField.OperatorCode),
            OperatorType = v.OperatorType,
            CreatedAtMillis = v.CreatedAtMillis,
            AirWaybill = NStr(v, ManifestField.AirWaybill),
            TransportMode = v.TransportMode,
            CarrierCode = NStr(v, ManifestField.TransportCarrierCode),
            FlightOrVoyage = NStr(v, ManifestField.TransportFlightOrVoyage),
            LoadingPort = NStr(v, ManifestField.TransportLoadingPort),
            ArrivalPort = NStr(v, ManifestField.TransportArrivalPort),
            DepartureCountry = Str(v, ManifestField.DepartureCountry),
            DestinationCountry = Str(v, ManifestField.DestinationCountry),
            Consignor = Party(v, ManifestField.ConsignorName),
            Consignee = Party(v, ManifestField.ConsigneeName),
            Category = v.Category,
            Currency = Str(v, ManifestField.Currency),
            TotalValueMinor = v.TotalValueMinor,
            GrossWeightGrams = (int)v.GrossWeightGrams,
            Pieces = (int)v.Pieces,
            IossNumber = NStr(v, ManifestField.IossNumber),
            MarketplaceId = NStr(v, ManifestField.MarketplaceId),
            SellerId = NStr(v, ManifestField.SellerId),
        };
        for (int i = 0; i < v.ItemCount; i++)
        {
            m.Items.Add(new ItemRecord
            {
                Description = Encoding.UTF8.GetString(v.GetItemString(i, ItemField.Description)),
                HsCode = Encoding.UTF8.GetString(v.GetItemString(i, ItemField.HsCode)),
                Quantity = (int)v.GetItemInt64(i, ItemField.Quantity),
                NetWeightGrams = (int)v.GetItemInt64(i, ItemField.NetWeightGrams),
                ValueMinor = v.GetItemInt64(i, ItemField.ValueMinor),
                OriginCountry = Encoding.UTF8.GetString(v.GetItemString(i, ItemField.OriginCountry)),
            });
        }

        return m;
    }

    /// <summary>A party's fields follow its Name field in <see cref="ManifestField"/> in <see cref="PartyField"/> order.</summary>
    private static PartyRecord Party(ManifestView v, ManifestField name)
    {
        ManifestField F(PartyField f) => (ManifestField)((int)name + (int)f);
        return new PartyRecord
        {
            Name = Str(v, F(PartyField.Name)),
            AddressLine1 = Str(v, F(PartyField.AddressLine1)),
            AddressLine2 = NStr(v, F(PartyField.AddressLine2)),
            City = Str(v, F(PartyField.City)),
            PostalCode = NStr(v, F(PartyField.PostalCode)),
            CountryCode = Str(v, F(PartyField.CountryCode)),
            TaxId = NStr(v, F(PartyField.TaxId)),
            Email = NStr(v, F(PartyField.Email)),
            Phone = NStr(v, F(PartyField.Phone)),
        };
    }

    private static string Str(ManifestView v, ManifestField f) => Encoding.UTF8.GetString(v.GetString(f));

    private static string? NStr(ManifestView v, ManifestField f) => v.IsNull(f) ? null : Str(v, f);

    private readonly struct EvolvedManifestSource(ManifestRecord manifest, long batchNumber) : IDatumSource
    {
        public void Write(ref AvroWriter writer)
        {
            ManifestEncoder.WriteDatum(ref writer, manifest);
            writer.WriteLong(batchNumber);
        }
    }

    /// <summary>Memory the caller cannot get an array from (as native PipeReader buffers): TryGetArray says no.</summary>
    private sealed class OpaqueMemoryManager(byte[] data) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => data;

        public override System.Buffers.MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
