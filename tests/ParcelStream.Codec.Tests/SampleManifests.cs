using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests;

/// <summary>Hand-written manifests shared by the codec tests.</summary>
internal static class SampleManifests
{
    /// <summary>Length of the datum of <see cref="Empty"/>: every one of its 40 values is one byte.</summary>
    public const int EmptyLength = 40;

    /// <summary>Offset in the datum of <see cref="Empty"/> of the items array's block count.</summary>
    public const int EmptyItemsOffset = (int)ManifestField.Category + 1;

    /// <summary>Offset in the datum of <see cref="Empty"/> of currency (the items array ends in one byte).</summary>
    public const int EmptyCurrencyOffset = EmptyItemsOffset + 1;

    /// <summary>A typical postal parcel: three goods lines, about 400 bytes encoded.</summary>
    public static ManifestRecord Typical()
    {
        var m = new ManifestRecord
        {
            ManifestId = "MF-2026-11-23-000000001",
            TrackingNumber = "RR123456785CN",
            OperatorCode = "CNPOST",
            OperatorType = OperatorType.Postal,
            CreatedAtMillis = 1_795_000_000_000,
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
            IossNumber = "IM1560000011",
            MarketplaceId = "MKT-ALI",
            SellerId = "S-4411",
        };
        m.Items.Add(new ItemRecord { Description = "Bluetooth headphones, over-ear", HsCode = "851830", Quantity = 1, NetWeightGrams = 320, ValueMinor = 2_999, OriginCountry = "CN" });
        m.Items.Add(new ItemRecord { Description = "USB-C charging cable 1m", HsCode = "854442", Quantity = 2, NetWeightGrams = 80, ValueMinor = 598, OriginCountry = "CN" });
        m.Items.Add(new ItemRecord { Description = "Silicone phone case", HsCode = "392690", Quantity = 1, NetWeightGrams = 60, ValueMinor = 1_200, OriginCountry = "CN" });
        return m;
    }

    /// <summary>
    /// A manifest whose every value encodes in one byte (empty strings, nulls, zeros, first enum symbols, no items),
    /// so that the datum offset of a field is easy to tell: <see cref="ManifestField"/> order, with the items block
    /// count after category. Corruption tests splice bad bytes in at those offsets.
    /// </summary>
    public static ManifestRecord Empty() => new();

    /// <summary>Gets the datum offset of a field of <see cref="Empty"/>.</summary>
    public static int EmptyOffsetOf(ManifestField field) => field <= ManifestField.Category ? (int)field : (int)field + 1;
}
