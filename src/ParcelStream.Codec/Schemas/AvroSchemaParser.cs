using System.Text.Json;

namespace ParcelStream.Codec.Schemas;

/// <summary>Parses Avro schema JSON (.avsc) into <see cref="AvroSchema"/> nodes. Runs at load time, never per message.</summary>
public static class AvroSchemaParser
{
    /// <summary>Parses a schema.</summary>
    /// <param name="json">The schema JSON.</param>
    /// <returns>The root schema.</returns>
    /// <exception cref="AvroSchemaException">The JSON is not a valid Avro schema; the message names the element.</exception>
    public static AvroSchema Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new AvroSchemaException($"Schema is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var names = new Dictionary<string, NamedSchema>(StringComparer.Ordinal);
            return ParseNode(doc.RootElement, string.Empty, names);
        }
    }

    private static AvroSchema ParseNode(JsonElement node, string enclosingNamespace, Dictionary<string, NamedSchema> names)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.String:
                return ParseTypeName(node.GetString()!, enclosingNamespace, names);
            case JsonValueKind.Array:
                var branches = new List<AvroSchema>();
                foreach (JsonElement b in node.EnumerateArray())
                {
                    AvroSchema branch = ParseNode(b, enclosingNamespace, names);
                    if (branch.Type == AvroType.Union)
                    {
                        ThrowHelper.ThrowSchema("A union may not directly contain another union.");
                    }

                    foreach (AvroSchema existing in branches)
                    {
                        if (existing.DisplayName == branch.DisplayName)
                        {
                            ThrowHelper.ThrowSchema($"A union contains '{branch.DisplayName}' twice.");
                        }
                    }

                    branches.Add(branch);
                }

                return new UnionSchema(branches);
            case JsonValueKind.Object:
                return ParseObject(node, enclosingNamespace, names);
            default:
                return ThrowHelper.ThrowSchema<AvroSchema>($"Unexpected JSON {node.ValueKind} where a schema was expected.");
        }
    }

    private static AvroSchema ParseObject(JsonElement node, string enclosingNamespace, Dictionary<string, NamedSchema> names)
    {
        if (!node.TryGetProperty("type", out JsonElement typeElement))
        {
            ThrowHelper.ThrowSchema("A schema object has no 'type'.");
        }

        string? logical = node.TryGetProperty("logicalType", out JsonElement lt) && lt.ValueKind == JsonValueKind.String ? lt.GetString() : null;
        if (typeElement.ValueKind != JsonValueKind.String)
        {
            // {"type": {...}} or {"type": [...]}: the object only wraps another schema.
            return ParseNode(typeElement, enclosingNamespace, names);
        }

        string type = typeElement.GetString()!;
        AvroSchema result;
        switch (type)
        {
            case "record":
            case "error":
                result = ParseRecord(node, enclosingNamespace, names);
                break;
            case "enum":
                result = ParseEnum(node, enclosingNamespace, names);
                break;
            case "fixed":
                {
                    string fullName = FullNameOf(node, enclosingNamespace);
                    int size = node.TryGetProperty("size", out JsonElement s) && s.TryGetInt32(out int n) && n >= 0
                        ? n
                        : ThrowHelper.ThrowSchema<int>($"Fixed '{fullName}' needs a non-negative integer 'size'.");
                    result = Register(new FixedSchema(fullName, AliasesOf(node, NamespaceOf(fullName)), size), names);
                    break;
                }

            case "array":
                result = new ArraySchema(ParseNode(Required(node, "items", "array"), enclosingNamespace, names));
                break;
            case "map":
                result = new MapSchema(ParseNode(Required(node, "values", "map"), enclosingNamespace, names));
                break;
            default:
                result = ParseTypeName(type, enclosingNamespace, names);
                if (result is PrimitiveSchema && logical is not null)
                {
                    // A logical type annotates a fresh primitive node; the shared primitive instances stay plain.
                    result = new PrimitiveSchema(result.Type);
                }

                break;
        }

        if (logical is not null && result.LogicalType is null && result is not NamedSchema { LogicalType: not null })
        {
            result.LogicalType = logical;
        }

        return result;
    }

    private static RecordSchema ParseRecord(JsonElement node, string enclosingNamespace, Dictionary<string, NamedSchema> names)
    {
        string fullName = FullNameOf(node, enclosingNamespace);
        string ns = NamespaceOf(fullName);
        var record = new RecordSchema(fullName, AliasesOf(node, ns));
        Register(record, names);
        JsonElement fields = Required(node, "fields", $"record '{fullName}'");
        if (fields.ValueKind != JsonValueKind.Array)
        {
            ThrowHelper.ThrowSchema($"Record '{fullName}': 'fields' must be an array.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        int position = 0;
        foreach (JsonElement f in fields.EnumerateArray())
        {
            if (f.ValueKind != JsonValueKind.Object)
            {
                ThrowHelper.ThrowSchema($"Record '{fullName}': a field must be an object, not {f.ValueKind}.");
            }

            string name = f.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : ThrowHelper.ThrowSchema<string>($"Record '{fullName}': a field has no name.");
            ValidateName(name, $"field of '{fullName}'");
            if (!seen.Add(name))
            {
                ThrowHelper.ThrowSchema($"Record '{fullName}': field '{name}' is declared twice.");
            }

            AvroSchema fieldSchema = ParseNode(Required(f, "type", $"field '{fullName}.{name}'"), ns, names);
            JsonElement? defaultValue = f.TryGetProperty("default", out JsonElement d) ? d.Clone() : null;
            string? doc = f.TryGetProperty("doc", out JsonElement docEl) && docEl.ValueKind == JsonValueKind.String ? docEl.GetString() : null;
            record.AddField(new AvroField(name, fieldSchema, position++, defaultValue, StringsOf(f, "aliases", $"field '{fullName}.{name}'"), doc));
        }

        return record;
    }

    private static EnumSchema ParseEnum(JsonElement node, string enclosingNamespace, Dictionary<string, NamedSchema> names)
    {
        string fullName = FullNameOf(node, enclosingNamespace);
        Required(node, "symbols", $"enum '{fullName}'");
        var symbols = new List<string>();
        foreach (string symbol in StringsOf(node, "symbols", $"enum '{fullName}'"))
        {
            ValidateName(symbol, $"symbol of enum '{fullName}'");
            if (symbols.Contains(symbol))
            {
                ThrowHelper.ThrowSchema($"Enum '{fullName}': symbol '{symbol}' is declared twice.");
            }

            symbols.Add(symbol);
        }

        string? defaultSymbol = null;
        if (node.TryGetProperty("default", out JsonElement d))
        {
            defaultSymbol = d.ValueKind == JsonValueKind.String
                ? d.GetString()
                : ThrowHelper.ThrowSchema<string>($"Enum '{fullName}': default must be a symbol string, not {d.ValueKind}.");
        }

        if (defaultSymbol is not null && !symbols.Contains(defaultSymbol))
        {
            ThrowHelper.ThrowSchema($"Enum '{fullName}': default '{defaultSymbol}' is not one of its symbols.");
        }

        var result = new EnumSchema(fullName, AliasesOf(node, NamespaceOf(fullName)), symbols, defaultSymbol);
        Register(result, names);
        return result;
    }

    private static AvroSchema ParseTypeName(string name, string enclosingNamespace, Dictionary<string, NamedSchema> names)
    {
        switch (name)
        {
            case "null": return PrimitiveSchemas.Null;
            case "boolean": return PrimitiveSchemas.Boolean;
            case "int": return PrimitiveSchemas.Int;
            case "long": return PrimitiveSchemas.Long;
            case "float": return PrimitiveSchemas.Float;
            case "double": return PrimitiveSchemas.Double;
            case "bytes": return PrimitiveSchemas.Bytes;
            case "string": return PrimitiveSchemas.String;
        }

        if (!name.Contains('.', StringComparison.Ordinal) && enclosingNamespace.Length > 0 && names.TryGetValue(enclosingNamespace + "." + name, out NamedSchema? inNamespace))
        {
            return inNamespace;
        }

        return names.TryGetValue(name, out NamedSchema? named)
            ? named
            : ThrowHelper.ThrowSchema<AvroSchema>($"Unknown type '{name}'.");
    }

    private static T Register<T>(T schema, Dictionary<string, NamedSchema> names)
        where T : NamedSchema
    {
        if (!names.TryAdd(schema.FullName, schema))
        {
            ThrowHelper.ThrowSchema($"Type '{schema.FullName}' is defined twice.");
        }

        return schema;
    }

    private static string FullNameOf(JsonElement node, string enclosingNamespace)
    {
        string name = node.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : ThrowHelper.ThrowSchema<string>("A named type has no 'name'.");
        string fullName;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            fullName = name;
        }
        else
        {
            string ns = node.TryGetProperty("namespace", out JsonElement nsEl) && nsEl.ValueKind == JsonValueKind.String ? nsEl.GetString()! : enclosingNamespace;
            fullName = ns.Length == 0 ? name : ns + "." + name;
        }

        foreach (string part in fullName.Split('.'))
        {
            ValidateName(part, $"name '{fullName}'");
        }

        return fullName;
    }

    private static string NamespaceOf(string fullName)
    {
        int dot = fullName.LastIndexOf('.');
        return dot < 0 ? string.Empty : fullName[..dot];
    }

    private static List<string> AliasesOf(JsonElement node, string ns) =>
        [.. StringsOf(node, "aliases", $"named type '{(node.TryGetProperty("name", out JsonElement n) ? n.ToString() : "?")}'")
            .Select(alias => alias.Contains('.', StringComparison.Ordinal) || ns.Length == 0 ? alias : ns + "." + alias)];

    /// <summary>Reads an optional array of strings; anything else there is a schema error naming the property.</summary>
    private static List<string> StringsOf(JsonElement node, string property, string what)
    {
        var values = new List<string>();
        if (!node.TryGetProperty(property, out JsonElement array))
        {
            return values;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            ThrowHelper.ThrowSchema($"The {what}: '{property}' must be an array of strings, not {array.ValueKind}.");
        }

        foreach (JsonElement e in array.EnumerateArray())
        {
            values.Add(e.ValueKind == JsonValueKind.String
                ? e.GetString()!
                : ThrowHelper.ThrowSchema<string>($"The {what}: '{property}' must be an array of strings; it holds a {e.ValueKind}."));
        }

        return values;
    }

    private static JsonElement Required(JsonElement node, string property, string what) =>
        node.TryGetProperty(property, out JsonElement value)
            ? value
            : ThrowHelper.ThrowSchema<JsonElement>($"The {what} has no '{property}'.");

    private static void ValidateName(string name, string what)
    {
        bool ok = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
        for (int i = 1; ok && i < name.Length; i++)
        {
            ok = char.IsAsciiLetterOrDigit(name[i]) || name[i] == '_';
        }

        if (!ok)
        {
            ThrowHelper.ThrowSchema($"'{name}' is not a valid Avro name ({what}).");
        }
    }
}
