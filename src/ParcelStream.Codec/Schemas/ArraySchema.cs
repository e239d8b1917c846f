namespace ParcelStream.Codec.Schemas;

/// <summary>An array type.</summary>
public sealed class ArraySchema : AvroSchema
{
    internal ArraySchema(AvroSchema items)
        : base(AvroType.Array) => Items = items;

    /// <summary>Gets the schema of the elements.</summary>
    public AvroSchema Items { get; }

    /// <inheritdoc />
    public override string DisplayName => "array";
}
