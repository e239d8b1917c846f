namespace ParcelStream.Codec.Schemas;

/// <summary>A primitive type (null, boolean, int, long, float, double, bytes, string).</summary>
public sealed class PrimitiveSchema : AvroSchema
{
    internal PrimitiveSchema(AvroType type)
        : base(type)
    {
    }

    /// <inheritdoc />
    public override string DisplayName => NameOf(Type);

    internal static string NameOf(AvroType type) => type switch
    {
        AvroType.Null => "null",
        AvroType.Boolean => "boolean",
        AvroType.Int => "int",
        AvroType.Long => "long",
        AvroType.Float => "float",
        AvroType.Double => "double",
        AvroType.Bytes => "bytes",
        AvroType.String => "string",
        _ => ThrowHelper.ThrowSchema<string>($"{type} is not a primitive type."),
    };
}
