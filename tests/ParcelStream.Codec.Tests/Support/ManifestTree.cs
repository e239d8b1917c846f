using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>
/// A manifest as a JSON-like value tree keyed by schema field names (records are dictionaries, arrays lists, enums
/// <see cref="EnumSymbol"/>, int fields int, long fields long): the neutral form that both Apache.Avro data and our
/// view are compared against. Evolution tests edit the tree the way they edit the writer schema.
/// </summary>
internal static class ManifestTree
{
    public static readonly string[] OperatorTypeSymbols = ["POSTAL", "EXPRESS", "COURIER"];
    public static readonly string[] TransportModeSymbols = ["AIR", "ROAD", "RAIL", "SEA"];
    public static readonly string[] CategorySymbols = ["SALE_OF_GOODS", "GIFT", "DOCUMENTS", "COMMERCIAL_SAMPLE", "RETURNED_GOODS", "OTHER"];

    /// <summary>Builds the tree of a manifest.</summary>
    public static Dictionary<string, object?> From(ManifestRecord m) => new()
    {
        ["manifestId"] = m.ManifestId,
        ["trackingNumber"] = m.TrackingNumber,
        ["operatorCode"] = m.OperatorCode,
        ["operatorType"] = new EnumSymbol(OperatorTypeSymbols[(int)m.OperatorType]),
        ["createdAt"] = m.CreatedAtMillis,
        ["airWaybill"] = m.AirWaybill,
        ["transport"] = new Dictionary<string, object?>
        {
            ["mode"] = new EnumSymbol(TransportModeSymbols[(int)m.TransportMode]),
            ["carrierCode"] = m.CarrierCode,
            ["flightOrVoyage"] = m.FlightOrVoyage,
            ["loadingPort"] = m.LoadingPort,
            ["arrivalPort"] = m.ArrivalPort,
        },
        ["departureCountry"] = m.DepartureCountry,
        ["destinationCountry"] = m.DestinationCountry,
        ["consignor"] = Party(m.Consignor),
        ["consignee"] = Party(m.Consignee),
        ["category"] = new EnumSymbol(CategorySymbols[(int)m.Category]),
        ["items"] = m.Items.Select(object? (i) => Item(i)).ToList(),
        ["currency"] = m.Currency,
        ["totalValueMinor"] = m.TotalValueMinor,
        ["grossWeightGrams"] = m.GrossWeightGrams,
        ["pieces"] = m.Pieces,
        ["iossNumber"] = m.IossNumber,
        ["marketplaceId"] = m.MarketplaceId,
        ["sellerId"] = m.SellerId,
    };

    /// <summary>Gets a value by dotted path ("consignor.name").</summary>
    public static object? Get(IReadOnlyDictionary<string, object?> tree, string path)
    {
        int dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? tree[path] : Get((IReadOnlyDictionary<string, object?>)tree[path[..dot]]!, path[(dot + 1)..]);
    }

    /// <summary>Sets a value by dotted path.</summary>
    public static void Set(Dictionary<string, object?> tree, string path, object? value)
    {
        int dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            tree[path] = value;
        }
        else
        {
            Set((Dictionary<string, object?>)tree[path[..dot]]!, path[(dot + 1)..], value);
        }
    }

    /// <summary>Gets the goods lines of a tree.</summary>
    public static IEnumerable<Dictionary<string, object?>> Items(Dictionary<string, object?> tree) =>
        ((List<object?>)tree["items"]!).Cast<Dictionary<string, object?>>();

    /// <summary>Gets the symbols of the reader (product) enum at a field path.</summary>
    public static string[] ReaderSymbols(string path) => path switch
    {
        "operatorType" => OperatorTypeSymbols,
        "transport.mode" => TransportModeSymbols,
        "category" => CategorySymbols,
        _ => throw new ArgumentException($"No enum at {path}.", nameof(path)),
    };

    private static Dictionary<string, object?> Party(PartyRecord p) => new()
    {
        ["name"] = p.Name,
        ["addressLine1"] = p.AddressLine1,
        ["addressLine2"] = p.AddressLine2,
        ["city"] = p.City,
        ["postalCode"] = p.PostalCode,
        ["countryCode"] = p.CountryCode,
        ["taxId"] = p.TaxId,
        ["email"] = p.Email,
        ["phone"] = p.Phone,
    };

    private static Dictionary<string, object?> Item(ItemRecord i) => new()
    {
        ["description"] = i.Description,
        ["hsCode"] = i.HsCode,
        ["quantity"] = i.Quantity,
        ["netWeightGrams"] = i.NetWeightGrams,
        ["valueMinor"] = i.ValueMinor,
        ["originCountry"] = i.OriginCountry,
    };
}
