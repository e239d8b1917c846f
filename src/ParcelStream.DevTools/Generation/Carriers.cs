namespace ParcelStream.DevTools.Generation;

/// <summary>Operators and airlines of synthetic parcels, with the tracking-number format each uses.</summary>
internal static class Carriers
{
    /// <summary>Express and courier operators; S10 ids are for postal items only, these use their own formats.</summary>
    public static readonly WeightedTable<Carrier> NonPostal = new(
        (new Carrier("DHLEXPRESS", false, TrackingFormat.Digits10), 9),
        (new Carrier("FEDEX", false, TrackingFormat.Digits12), 6),
        (new Carrier("UPS", false, TrackingFormat.Ups1Z), 6),
        (new Carrier("SFEXPRESS", false, TrackingFormat.SfExpress), 3),
        (new Carrier("CAINIAO", true, TrackingFormat.Cainiao), 8),
        (new Carrier("YUNEXPRESS", true, TrackingFormat.YunExpress), 5),
        (new Carrier("4PX", true, TrackingFormat.FourPx), 3));

    /// <summary>S10 service indicators used for goods: C parcel, E EMS, H e-commerce parcel, U letter post under customs, R registered, V insured.</summary>
    public static readonly WeightedTable<string> S10ServiceIndicators = new(
        ("CP", 10), ("CX", 4), ("CY", 3), ("EE", 5), ("EA", 3), ("HA", 10), ("HB", 6), ("UA", 12), ("UB", 6), ("RR", 8), ("RB", 3), ("VV", 1));

    /// <summary>IATA airline code and air waybill prefix of airlines flying from each origin.</summary>
    public static readonly Dictionary<string, (string Code, string AwbPrefix)[]> Airlines = new(StringComparer.Ordinal)
    {
        ["CN"] = [("CZ", "784"), ("CA", "999"), ("MU", "781"), ("CK", "112")],
        ["HK"] = [("CX", "160"), ("LD", "288")],
        ["US"] = [("AA", "001"), ("UA", "016"), ("5X", "406"), ("FX", "023")],
        ["GB"] = [("BA", "125"), ("VS", "932")],
        ["TR"] = [("TK", "235")],
        ["IN"] = [("AI", "098"), ("6E", "312")],
        ["KR"] = [("KE", "180"), ("OZ", "988")],
        ["JP"] = [("JL", "131"), ("NH", "205")],
        ["VN"] = [("VN", "738")],
        ["TW"] = [("CI", "297"), ("BR", "695")],
        ["TH"] = [("TG", "217")],
    };

    /// <summary>Online marketplaces, with the seller-id prefix each uses.</summary>
    public static readonly (string Id, string SellerPrefix)[] AsianMarketplaces = [("ALIEXPRESS", "AE"), ("TEMU", "TM"), ("SHEIN", "SH"), ("AMAZON", "A1"), ("WISH", "WS")];

    /// <summary>Marketplaces for western origins.</summary>
    public static readonly (string Id, string SellerPrefix)[] WesternMarketplaces = [("AMAZON", "A1"), ("EBAY", "EB"), ("ETSY", "ET")];

    /// <summary>An express or courier operator.</summary>
    internal sealed record Carrier(string Code, bool IsCourier, TrackingFormat Format);

    /// <summary>Carrier-style tracking-number formats.</summary>
    internal enum TrackingFormat
    {
        Digits10,
        Digits12,
        Ups1Z,
        SfExpress,
        Cainiao,
        YunExpress,
        FourPx,
    }
}
