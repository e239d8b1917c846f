using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Tests.Support;

/// <summary>Manifests for the rule tests: a clean one that the default pack releases with no reason, and a worst case.</summary>
internal static class TestManifests
{
    /// <summary>2026-11-18T00:00:00Z, after the EU's 2026-07-01 change.</summary>
    public static readonly long November2026 = new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>A typical postal parcel from China to Germany, three lines, IOSS, consistent values and weights.</summary>
    public static ManifestRecord Clean()
    {
        var m = new ManifestRecord
        {
            ManifestId = "MF-2026-11-18-000000001",
            TrackingNumber = "RR123456785CN",
            OperatorCode = "CNPOST",
            OperatorType = OperatorType.Postal,
            CreatedAtMillis = November2026,
            AirWaybill = "784-12345675",
            TransportMode = TransportMode.Air,
            CarrierCode = "CA",
            FlightOrVoyage = "CA931",
            LoadingPort = "PEK",
            ArrivalPort = "FRA",
            DepartureCountry = "CN",
            DestinationCountry = "DE",
            Consignor = new PartyRecord { Name = "Shenzhen Bright Trading Co., Ltd.", AddressLine1 = "88 Huaqiang North Road", City = "Shenzhen", PostalCode = "518000", CountryCode = "CN", TaxId = "91440300MA5F" },
            Consignee = new PartyRecord { Name = "Jürgen Müller", AddressLine1 = "Hauptstraße 12", AddressLine2 = "3. OG", City = "Köln", PostalCode = "50667", CountryCode = "DE", Email = "j.mueller@example.de" },
            Category = Category.SaleOfGoods,
            Currency = "EUR",
            TotalValueMinor = 4_797,
            GrossWeightGrams = 850,
            Pieces = 1,
            IossNumber = "IM2760000011",
            MarketplaceId = "MKT-ALI",
            SellerId = "S-4411",
        };
        m.Items.Add(new ItemRecord { Description = "Bluetooth headphones, over-ear", HsCode = "851830", Quantity = 1, NetWeightGrams = 320, ValueMinor = 2_999, OriginCountry = "CN" });
        m.Items.Add(new ItemRecord { Description = "USB-C charging cable 1m", HsCode = "854442", Quantity = 2, NetWeightGrams = 80, ValueMinor = 598, OriginCountry = "CN" });
        m.Items.Add(new ItemRecord { Description = "Silicone phone case", HsCode = "392690", Quantity = 1, NetWeightGrams = 60, ValueMinor = 1_200, OriginCountry = "CN" });
        return m;
    }

    /// <summary>Ten goods lines with long descriptions: the benchmark's worst case, also clean.</summary>
    public static ManifestRecord WorstCase()
    {
        ManifestRecord m = Clean();
        m.Items.Clear();
        long total = 0;
        int net = 0;
        for (int i = 0; i < 10; i++)
        {
            var item = new ItemRecord
            {
                Description = $"Stainless steel kitchen utensil set number {i} with silicone handles, heat resistant up to 230 degrees, dishwasher safe, includes spatula, ladle, tongs, whisk and slotted spoon in a gift-free retail box",
                HsCode = "821599",
                Quantity = 1 + (i % 3),
                NetWeightGrams = 150 + (10 * i),
                ValueMinor = 1_000 + (100 * i),
                OriginCountry = "CN",
            };
            total += item.ValueMinor;
            net += item.NetWeightGrams;
            m.Items.Add(item);
        }

        m.TotalValueMinor = total;
        m.GrossWeightGrams = net + 400;
        m.Pieces = 2;
        return m;
    }
}
