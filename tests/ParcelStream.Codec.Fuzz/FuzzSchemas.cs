using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Fuzz;

/// <summary>The schemas the harness decodes with: an evolved manifest writer schema and a generic schema for the skipper.</summary>
public static class FuzzSchemas
{
    /// <summary>Confluent id of <see cref="EvolvedManifestJson"/> in <see cref="Registry"/>.</summary>
    public const int EvolvedManifestId = 3;

    /// <summary>
    /// A later producer's ParcelManifest, different from the reader schema in every way resolution handles: fields
    /// reordered, added (records, maps, arrays, fixed, unions, bytes, double, boolean) and removed (reader defaults),
    /// enums with extra symbols, int promoted to long, bytes read as string, a union where the reader has a plain string.
    /// </summary>
    public const string EvolvedManifestJson = """
        {"type": "record", "name": "ParcelManifest", "namespace": "parcelstream.v1", "fields": [
          {"name": "trackingNumber", "type": "string"},
          {"name": "manifestId", "type": ["string", "null"]},
          {"name": "operatorCode", "type": "bytes"},
          {"name": "operatorType", "type": {"type": "enum", "name": "OperatorType", "symbols": ["POSTAL", "EXPRESS", "COURIER", "FREIGHT"]}},
          {"name": "createdAt", "type": "long"},
          {"name": "transport", "type": {"type": "record", "name": "Transport", "fields": [
            {"name": "mode", "type": {"type": "enum", "name": "TransportMode", "symbols": ["SEA", "AIR", "ROAD", "RAIL", "DRONE"]}},
            {"name": "legs", "type": {"type": "array", "items": {"type": "record", "name": "Leg", "fields": [
              {"name": "airport", "type": {"type": "fixed", "name": "Iata", "size": 3}},
              {"name": "etaMillis", "type": ["null", "long"]}
            ]}}},
            {"name": "carrierCode", "type": "string"},
            {"name": "flightOrVoyage", "type": ["null", "string"]},
            {"name": "loadingPort", "type": ["null", "string"]}
          ]}},
          {"name": "departureCountry", "type": "string"},
          {"name": "destinationCountry", "type": "string"},
          {"name": "consignor", "type": {"type": "record", "name": "Party", "fields": [
            {"name": "name", "type": "string"},
            {"name": "addressLine1", "type": "string"},
            {"name": "addressLine2", "type": ["null", "string"]},
            {"name": "city", "type": "string"},
            {"name": "postalCode", "type": ["null", "string"]},
            {"name": "countryCode", "type": "string"},
            {"name": "taxId", "type": ["null", "string"]},
            {"name": "email", "type": ["null", "string"]},
            {"name": "geo", "type": ["null", {"type": "fixed", "name": "GeoHash", "size": 8}]},
            {"name": "attributes", "type": {"type": "map", "values": "string"}}
          ]}},
          {"name": "consignee", "type": "Party"},
          {"name": "category", "type": {"type": "enum", "name": "Category", "symbols": ["SALE_OF_GOODS", "GIFT", "DOCUMENTS", "COMMERCIAL_SAMPLE", "RETURNED_GOODS", "OTHER", "DONATION"]}},
          {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
            {"name": "description", "type": "string"},
            {"name": "hsCode", "type": "bytes"},
            {"name": "quantity", "type": "int"},
            {"name": "netWeightGrams", "type": "int"},
            {"name": "valueMinor", "type": "int"},
            {"name": "originCountry", "type": "string"},
            {"name": "dangerousGoods", "type": "boolean"},
            {"name": "unitPrice", "type": "double"},
            {"name": "tags", "type": {"type": "map", "values": {"type": "array", "items": "string"}}}
          ]}}},
          {"name": "currency", "type": "string"},
          {"name": "totalValueMinor", "type": "int"},
          {"name": "grossWeightGrams", "type": "int"},
          {"name": "pieces", "type": "int"},
          {"name": "iossNumber", "type": ["null", "string"]},
          {"name": "marketplaceId", "type": "string"},
          {"name": "signature", "type": "bytes"},
          {"name": "extensions", "type": ["null", {"type": "map", "values": ["null", "int", "float", "string", {"type": "array", "items": "null"}]}]}
        ]}
        """;

    /// <summary>
    /// A schema unrelated to manifests for the skipper: every complex type, a recursive reference, and an array of
    /// nulls (elements that cost no bytes, so only the element limit bounds the work).
    /// </summary>
    public const string GenericJson = """
        {"type": "record", "name": "Blob", "namespace": "fuzz", "fields": [
          {"name": "id", "type": {"type": "fixed", "name": "Id", "size": 16}},
          {"name": "flags", "type": {"type": "array", "items": "boolean"}},
          {"name": "attrs", "type": {"type": "map", "values": ["null", "int", "long", "float", "double", "string", "bytes",
            {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}]}},
          {"name": "nested", "type": {"type": "array", "items": {"type": "map", "values": {"type": "array", "items": "null"}}}},
          {"name": "next", "type": ["null", "Blob"]}
        ]}
        """;

    private static readonly Lazy<AvroSchema> s_evolved = new(() => AvroSchemaParser.Parse(EvolvedManifestJson));
    private static readonly Lazy<AvroSchema> s_generic = new(() => AvroSchemaParser.Parse(GenericJson));

    /// <summary>Gets the parsed <see cref="EvolvedManifestJson"/>.</summary>
    public static AvroSchema EvolvedManifest => s_evolved.Value;

    /// <summary>Gets the parsed <see cref="GenericJson"/>.</summary>
    public static AvroSchema Generic => s_generic.Value;

    /// <summary>Gets the registry of the harness: the embedded schemas under their default ids, and the evolved one.</summary>
    public static SchemaRegistry Registry { get; } = new(
    [
        new RegisteredSchema(SchemaRegistry.DefaultManifestSchemaId, SchemaRegistry.ManifestSchema, "parcel-manifest.avsc (embedded)"),
        new RegisteredSchema(SchemaRegistry.DefaultDecisionSchemaId, SchemaRegistry.DecisionSchema, "customs-decision.avsc (embedded)"),
        new RegisteredSchema(EvolvedManifestId, EvolvedManifest, "evolved manifest (fuzz harness)"),
    ]);
}
