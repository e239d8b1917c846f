using System.Text.Json;

namespace ParcelStream.Codec.Schemas;

/// <summary>A field of a record.</summary>
public sealed class AvroField
{
    internal AvroField(string name, AvroSchema schema, int position, JsonElement? defaultValue, IReadOnlyList<string> aliases, string? doc)
    {
        Name = name;
        Schema = schema;
        Position = position;
        DefaultValue = defaultValue;
        Aliases = aliases;
        Doc = doc;
    }

    /// <summary>Gets the field name.</summary>
    public string Name { get; }

    /// <summary>Gets the field's schema.</summary>
    public AvroSchema Schema { get; }

    /// <summary>Gets the position of the field in its record.</summary>
    public int Position { get; }

    /// <summary>Gets the default value as JSON, or null when the field has none.</summary>
    public JsonElement? DefaultValue { get; }

    /// <summary>Gets a value indicating whether the field declares a default.</summary>
    public bool HasDefault => DefaultValue.HasValue;

    /// <summary>Gets the field's aliases.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Gets the documentation, or null.</summary>
    public string? Doc { get; }
}
