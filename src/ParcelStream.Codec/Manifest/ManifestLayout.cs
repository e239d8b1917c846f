using System.Collections.Frozen;

namespace ParcelStream.Codec.Manifest;

/// <summary>Names and kinds of the manifest fields, as field paths ("consignor.name", "items.hsCode") that rule packs use.</summary>
public static class ManifestLayout
{
    /// <summary>Number of <see cref="ManifestField"/> values.</summary>
    public const int FieldCount = (int)ManifestField.SellerId + 1;

    /// <summary>Number of <see cref="ItemField"/> values.</summary>
    public const int ItemFieldCount = (int)ItemField.OriginCountry + 1;

    private static readonly string[] s_partyNames = ["name", "addressLine1", "addressLine2", "city", "postalCode", "countryCode", "taxId", "email", "phone"];
    private static readonly FieldKind[] s_partyKinds =
    [
        FieldKind.String, FieldKind.String, FieldKind.NullableString, FieldKind.String, FieldKind.NullableString,
        FieldKind.String, FieldKind.NullableString, FieldKind.NullableString, FieldKind.NullableString,
    ];

    private static readonly string[] s_fieldNames =
    [
        "manifestId", "trackingNumber", "operatorCode", "operatorType", "createdAt", "airWaybill",
        "transport.mode", "transport.carrierCode", "transport.flightOrVoyage", "transport.loadingPort", "transport.arrivalPort",
        "departureCountry", "destinationCountry",
        .. s_partyNames.Select(n => "consignor." + n),
        .. s_partyNames.Select(n => "consignee." + n),
        "category", "currency", "totalValueMinor", "grossWeightGrams", "pieces", "iossNumber", "marketplaceId", "sellerId",
    ];

    private static readonly FieldKind[] s_fieldKinds =
    [
        FieldKind.String, FieldKind.String, FieldKind.String, FieldKind.Enum, FieldKind.Long, FieldKind.NullableString,
        FieldKind.Enum, FieldKind.NullableString, FieldKind.NullableString, FieldKind.NullableString, FieldKind.NullableString,
        FieldKind.String, FieldKind.String,
        .. s_partyKinds,
        .. s_partyKinds,
        FieldKind.Enum, FieldKind.String, FieldKind.Long, FieldKind.Int, FieldKind.Int, FieldKind.NullableString, FieldKind.NullableString, FieldKind.NullableString,
    ];

    private static readonly string[] s_itemNames = ["description", "hsCode", "quantity", "netWeightGrams", "valueMinor", "originCountry"];
    private static readonly FieldKind[] s_itemKinds = [FieldKind.String, FieldKind.String, FieldKind.Int, FieldKind.Int, FieldKind.Long, FieldKind.String];

    private static readonly FrozenDictionary<string, ManifestField> s_byPath =
        Enumerable.Range(0, FieldCount).ToFrozenDictionary(i => s_fieldNames[i], i => (ManifestField)i, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, ItemField> s_itemByName =
        Enumerable.Range(0, ItemFieldCount).ToFrozenDictionary(i => s_itemNames[i], i => (ItemField)i, StringComparer.Ordinal);

    /// <summary>Gets the path of a field, e.g. "consignor.name".</summary>
    /// <param name="field">The field.</param>
    /// <returns>The dotted path.</returns>
    public static string PathOf(ManifestField field) => s_fieldNames[(int)field];

    /// <summary>Gets how a field is stored.</summary>
    /// <param name="field">The field.</param>
    /// <returns>Its kind.</returns>
    public static FieldKind KindOf(ManifestField field) => s_fieldKinds[(int)field];

    /// <summary>Gets the name of an item field, e.g. "hsCode".</summary>
    /// <param name="field">The item field.</param>
    /// <returns>The name.</returns>
    public static string NameOf(ItemField field) => s_itemNames[(int)field];

    /// <summary>Gets how an item field is stored.</summary>
    /// <param name="field">The item field.</param>
    /// <returns>Its kind.</returns>
    public static FieldKind KindOf(ItemField field) => s_itemKinds[(int)field];

    /// <summary>Finds a field by its dotted path.</summary>
    /// <param name="path">E.g. "consignee.countryCode".</param>
    /// <param name="field">The field.</param>
    /// <returns>False when no field has that path.</returns>
    public static bool TryGetField(string path, out ManifestField field) => s_byPath.TryGetValue(path, out field);

    /// <summary>Finds an item field by name.</summary>
    /// <param name="name">E.g. "hsCode" (an "items." prefix is accepted).</param>
    /// <param name="field">The item field.</param>
    /// <returns>False when no item field has that name.</returns>
    public static bool TryGetItemField(string name, out ItemField field)
    {
        ArgumentNullException.ThrowIfNull(name);
        return s_itemByName.TryGetValue(name.StartsWith("items.", StringComparison.Ordinal) ? name[6..] : name, out field);
    }

    /// <summary>Gets every field path, in <see cref="ManifestField"/> order.</summary>
    public static IReadOnlyList<string> FieldPaths => s_fieldNames;

    /// <summary>Gets every item field name, in <see cref="ItemField"/> order.</summary>
    public static IReadOnlyList<string> ItemFieldNames => s_itemNames;
}
