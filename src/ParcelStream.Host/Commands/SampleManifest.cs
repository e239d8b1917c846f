using ParcelStream.Codec.Manifest;

namespace ParcelStream.Host.Commands;

/// <summary>A fixed, typical manifest for demos.</summary>
internal static class SampleManifest
{
    public static ManifestRecord Create()
    {
        var m = new ManifestRecord
        {
            ManifestId = "MF-DEMO-000000001",
            TrackingNumber = "RR123456785CN",
            OperatorCode = "CNPOST",
            OperatorType = OperatorType.Postal,
            CreatedAtMillis = 1_795_000_000_000,
            AirWaybill = "784-12345675",
            TransportMode = TransportMode.Air,
            DepartureCountry = "CN",
            DestinationCountry = "DE",
            Consignor = new PartyRecord { Name = "Shenzhen Bright Trading Co., Ltd.", AddressLine1 = "88 Huaqiang North Road", City = "Shenzhen", CountryCode = "CN" },
            Consignee = new PartyRecord { Name = "Jürgen Müller", AddressLine1 = "Hauptstraße 12", City = "Köln", PostalCode = "50667", CountryCode = "DE" },
            Category = Category.SaleOfGoods,
            Currency = "EUR",
            TotalValueMinor = 4_797,
            GrossWeightGrams = 850,
            Pieces = 1,
        };
        m.Items.Add(new ItemRecord { Description = "Bluetooth headphones", HsCode = "851830", Quantity = 1, NetWeightGrams = 320, ValueMinor = 2_999, OriginCountry = "CN" });
        m.Items.Add(new ItemRecord { Description = "USB-C charging cable", HsCode = "854442", Quantity = 2, NetWeightGrams = 80, ValueMinor = 598, OriginCountry = "CN" });
        m.Items.Add(new ItemRecord { Description = "Silicone phone case", HsCode = "392690", Quantity = 1, NetWeightGrams = 60, ValueMinor = 1_200, OriginCountry = "CN" });
        return m;
    }
}
