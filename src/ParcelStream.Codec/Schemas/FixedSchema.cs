namespace ParcelStream.Codec.Schemas;

/// <summary>A fixed-size bytes type.</summary>
public sealed class FixedSchema : NamedSchema
{
    internal FixedSchema(string fullName, IReadOnlyList<string> aliases, int size)
        : base(AvroType.Fixed, fullName, aliases) => Size = size;

    /// <summary>Gets the size in bytes.</summary>
    public int Size { get; }
}
