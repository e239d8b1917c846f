namespace ParcelStream.Codec.Schemas;

/// <summary>A map type (string keys).</summary>
public sealed class MapSchema : AvroSchema
{
    internal MapSchema(AvroSchema values)
        : base(AvroType.Map) => Values = values;

    /// <summary>Gets the schema of the values.</summary>
    public AvroSchema Values { get; }

    /// <inheritdoc />
    public override string DisplayName => "map";
}
