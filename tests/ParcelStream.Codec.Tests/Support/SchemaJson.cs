using System.Text.Json.Nodes;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>Edits schemas/parcel-manifest.avsc as JSON to make evolved writer schemas.</summary>
internal static class SchemaJson
{
    /// <summary>Gets a fresh, editable copy of the product manifest schema.</summary>
    public static JsonObject Manifest() => JsonNode.Parse(RepoPaths.SchemaText("parcel-manifest.avsc"))!.AsObject();

    /// <summary>Gets the Party record (defined inline in the consignor field).</summary>
    public static JsonObject Party(JsonObject manifest) => Field(manifest, "consignor")["type"]!.AsObject();

    /// <summary>Gets the Item record.</summary>
    public static JsonObject Item(JsonObject manifest) => Field(manifest, "items")["type"]!["items"]!.AsObject();

    /// <summary>Gets the Transport record.</summary>
    public static JsonObject Transport(JsonObject manifest) => Field(manifest, "transport")["type"]!.AsObject();

    public static JsonArray Fields(JsonObject record) => record["fields"]!.AsArray();

    public static JsonObject Field(JsonObject record, string name) =>
        Fields(record).Single(f => (string?)f!["name"] == name)!.AsObject();

    public static void RemoveField(JsonObject record, string name) => Fields(record).Remove(Field(record, name));

    public static void AddField(JsonObject record, string fieldJson) => Fields(record).Add(JsonNode.Parse(fieldJson));

    public static void SetType(JsonObject record, string field, string typeJson) => Field(record, field)["type"] = JsonNode.Parse(typeJson);

    /// <summary>Reverses the order of a record's fields.</summary>
    public static void Reverse(JsonObject record)
    {
        JsonArray fields = Fields(record);
        JsonNode?[] reversed = [.. fields.Reverse()];
        fields.Clear();
        foreach (JsonNode? f in reversed)
        {
            fields.Add(f);
        }
    }

    /// <summary>Moves the inline Party definition to the consignee field, for writers that put consignee first.</summary>
    public static void DefinePartyInConsignee(JsonObject manifest)
    {
        JsonObject consignor = Field(manifest, "consignor");
        JsonNode party = consignor["type"]!;
        consignor.Remove("type");
        consignor["type"] = "Party";
        JsonObject consignee = Field(manifest, "consignee");
        consignee.Remove("type");
        consignee["type"] = party;
    }
}
