using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Learning.Tests.Support;

/// <summary>Decodes records into views, and writes records to container files.</summary>
internal static class Manifests
{
    private static readonly ManifestDecoder s_decoder = new(SchemaRegistry.Default);

    public static ManifestView View(ManifestRecord record)
    {
        var view = new ManifestView();
        byte[] bytes = ManifestEncoder.ToBytes(record);
        Assert.False(s_decoder.Decode(bytes, 0, bytes.Length, view).IsError);
        return view;
    }

    public static void Write(string path, IEnumerable<ManifestRecord> records)
    {
        using FileStream stream = File.Create(path);
        using AvroContainerWriter writer = AvroContainerManifests.CreateWriter(stream);
        foreach (ManifestRecord record in records)
        {
            writer.WriteManifest(record);
        }
    }

    /// <summary>A one-line parcel of <paramref name="hs"/>: value in EUR cents, weight in grams.</summary>
    public static ManifestRecord Parcel(string id, long created, string hs = "851830", long valueCents = 3_000, int grams = 300, string description = "Bluetooth headphones", string seller = "S-1", int units = 1)
    {
        var m = new ManifestRecord
        {
            ManifestId = id,
            TrackingNumber = "RR" + id,
            OperatorCode = "CNPOST",
            OperatorType = OperatorType.Postal,
            CreatedAtMillis = created,
            TransportMode = TransportMode.Air,
            DepartureCountry = "CN",
            DestinationCountry = "DE",
            Consignor = new PartyRecord { Name = "Shenzhen Trader", CountryCode = "CN" },
            Consignee = new PartyRecord { Name = "Jane Doe", CountryCode = "DE" },
            Category = Category.SaleOfGoods,
            Currency = "EUR",
            TotalValueMinor = valueCents,
            GrossWeightGrams = grams + 50,
            Pieces = 1,
            SellerId = seller,
        };
        m.Items.Add(new ItemRecord { Description = description, HsCode = hs, Quantity = units, NetWeightGrams = grams, ValueMinor = valueCents, OriginCountry = "CN" });
        return m;
    }
}
