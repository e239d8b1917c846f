namespace ParcelStream.Codec.Schemas;

/// <summary>A named type: record, enum or fixed.</summary>
public abstract class NamedSchema : AvroSchema
{
    private protected NamedSchema(AvroType type, string fullName, IReadOnlyList<string> aliases)
        : base(type)
    {
        FullName = fullName;
        Aliases = aliases;
        int dot = fullName.LastIndexOf('.');
        Name = dot < 0 ? fullName : fullName[(dot + 1)..];
        Namespace = dot < 0 ? string.Empty : fullName[..dot];
    }

    /// <summary>Gets the full name (namespace.name).</summary>
    public string FullName { get; }

    /// <summary>Gets the simple name.</summary>
    public string Name { get; }

    /// <summary>Gets the namespace, empty when none.</summary>
    public string Namespace { get; }

    /// <summary>Gets the full-name aliases.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <inheritdoc />
    public override string DisplayName => FullName;

    /// <summary>Tells whether this type and <paramref name="other"/> match by full name, simple name or alias, as schema resolution requires.</summary>
    /// <param name="other">The other named type.</param>
    /// <returns>True when the names match as the specification's resolution rules require.</returns>
    public bool NameMatches(NamedSchema other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return FullName == other.FullName || Name == other.Name || Aliases.Contains(other.FullName) || other.Aliases.Contains(FullName);
    }
}
