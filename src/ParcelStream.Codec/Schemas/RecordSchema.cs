namespace ParcelStream.Codec.Schemas;

/// <summary>A record type.</summary>
public sealed class RecordSchema : NamedSchema
{
    private readonly List<AvroField> _fields = [];

    internal RecordSchema(string fullName, IReadOnlyList<string> aliases)
        : base(AvroType.Record, fullName, aliases)
    {
    }

    /// <summary>Gets the fields in declaration (= encoding) order.</summary>
    public IReadOnlyList<AvroField> Fields => _fields;

    /// <summary>Finds a field by name or alias.</summary>
    /// <param name="name">The field name.</param>
    /// <returns>The field, or null when there is none.</returns>
    public AvroField? FindField(string name)
    {
        foreach (AvroField f in _fields)
        {
            if (f.Name == name || f.Aliases.Contains(name))
            {
                return f;
            }
        }

        return null;
    }

    internal void AddField(AvroField field) => _fields.Add(field);
}
