using System.Text.Json;
using System.Text.Json.Serialization;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Host.Commands;

/// <summary>
/// Reads a manifest written as JSON with the field names of schemas/parcel-manifest.avsc (<c>createdAt</c>,
/// <c>transport.mode</c>, ...; enums as symbols, nullable fields as plain values or null). Every name is checked
/// against the schema first, so a field the schema does not have (a typo, or a .NET property name such as
/// <c>createdAtMillis</c>) is an error that names it instead of a value silently left at zero.
/// </summary>
internal static class ManifestJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false) },
    };

    /// <summary>Parses and checks a JSON manifest.</summary>
    /// <param name="json">The document.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="JsonException">Not JSON, a field unknown to the schema, a required field missing, or a value of the wrong type; the message names the field.</exception>
    public static ManifestRecord Read(string json)
    {
        using (JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }))
        {
            Check(document.RootElement, SchemaRegistry.ManifestSchema, "$");
        }

        Document manifest = JsonSerializer.Deserialize<Document>(json, s_options) ?? throw new JsonException("the manifest is null");
        var record = new ManifestRecord
        {
            ManifestId = manifest.ManifestId,
            TrackingNumber = manifest.TrackingNumber,
            OperatorCode = manifest.OperatorCode,
            OperatorType = manifest.OperatorType,
            CreatedAtMillis = manifest.CreatedAt,
            AirWaybill = manifest.AirWaybill,
            TransportMode = manifest.Transport.Mode,
            CarrierCode = manifest.Transport.CarrierCode,
            FlightOrVoyage = manifest.Transport.FlightOrVoyage,
            LoadingPort = manifest.Transport.LoadingPort,
            ArrivalPort = manifest.Transport.ArrivalPort,
            DepartureCountry = manifest.DepartureCountry,
            DestinationCountry = manifest.DestinationCountry,
            Consignor = manifest.Consignor,
            Consignee = manifest.Consignee,
            Category = manifest.Category,
            Currency = manifest.Currency,
            TotalValueMinor = manifest.TotalValueMinor,
            GrossWeightGrams = manifest.GrossWeightGrams,
            Pieces = manifest.Pieces,
            IossNumber = manifest.IossNumber,
            MarketplaceId = manifest.MarketplaceId,
            SellerId = manifest.SellerId,
        };
        record.Items.AddRange(manifest.Items);
        return record;
    }

    /// <summary>Checks that every property of an object is a field of the record and every field without a default is there.</summary>
    private static void Check(JsonElement element, AvroSchema schema, string path)
    {
        switch (schema)
        {
            case UnionSchema union when element.ValueKind != JsonValueKind.Null:
                foreach (AvroSchema branch in union.Branches)
                {
                    if (branch.Type != AvroType.Null)
                    {
                        Check(element, branch, path);
                        return;
                    }
                }

                return;
            case ArraySchema array when element.ValueKind == JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Check(item, array.Items, $"{path}[{index++}]");
                }

                return;
            case RecordSchema record when element.ValueKind == JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    AvroField field = record.FindField(property.Name)
                        ?? throw new JsonException($"{path}.{property.Name}: unknown field; {record.Name} has {string.Join(", ", record.Fields.Select(f => f.Name))} (schemas/parcel-manifest.avsc)");
                    Check(property.Value, field.Schema, $"{path}.{property.Name}");
                }

                foreach (AvroField field in record.Fields)
                {
                    if (!field.HasDefault && !element.TryGetProperty(field.Name, out _))
                    {
                        throw new JsonException($"{path}.{field.Name}: required field missing ({record.Name} in schemas/parcel-manifest.avsc has no default for it)");
                    }
                }

                return;
            case RecordSchema or ArraySchema:
                throw new JsonException($"{path}: expected {(schema is RecordSchema ? "an object" : "an array")}, got {element.ValueKind}");
        }
    }

    /// <summary>The manifest with the schema's names.</summary>
    private sealed class Document
    {
        public string ManifestId { get; set; } = string.Empty;

        public string TrackingNumber { get; set; } = string.Empty;

        public string OperatorCode { get; set; } = string.Empty;

        public OperatorType OperatorType { get; set; }

        public long CreatedAt { get; set; }

        public string? AirWaybill { get; set; }

        public TransportDocument Transport { get; set; } = new();

        public string DepartureCountry { get; set; } = string.Empty;

        public string DestinationCountry { get; set; } = string.Empty;

        public PartyRecord Consignor { get; set; } = new();

        public PartyRecord Consignee { get; set; } = new();

        public Category Category { get; set; }

        public List<ItemRecord> Items { get; set; } = [];

        public string Currency { get; set; } = string.Empty;

        public long TotalValueMinor { get; set; }

        public int GrossWeightGrams { get; set; }

        public int Pieces { get; set; }

        public string? IossNumber { get; set; }

        public string? MarketplaceId { get; set; }

        public string? SellerId { get; set; }
    }

    /// <summary>transport, with the schema's names.</summary>
    private sealed class TransportDocument
    {
        public TransportMode Mode { get; set; }

        public string? CarrierCode { get; set; }

        public string? FlightOrVoyage { get; set; }

        public string? LoadingPort { get; set; }

        public string? ArrivalPort { get; set; }
    }
}
