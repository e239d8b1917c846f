namespace ParcelStream.Codec.Schemas;

/// <summary>Shared instances of the primitive schemas.</summary>
public static class PrimitiveSchemas
{
    /// <summary>Gets the null schema.</summary>
    public static PrimitiveSchema Null { get; } = new(AvroType.Null);

    /// <summary>Gets the boolean schema.</summary>
    public static PrimitiveSchema Boolean { get; } = new(AvroType.Boolean);

    /// <summary>Gets the int schema.</summary>
    public static PrimitiveSchema Int { get; } = new(AvroType.Int);

    /// <summary>Gets the long schema.</summary>
    public static PrimitiveSchema Long { get; } = new(AvroType.Long);

    /// <summary>Gets the float schema.</summary>
    public static PrimitiveSchema Float { get; } = new(AvroType.Float);

    /// <summary>Gets the double schema.</summary>
    public static PrimitiveSchema Double { get; } = new(AvroType.Double);

    /// <summary>Gets the bytes schema.</summary>
    public static PrimitiveSchema Bytes { get; } = new(AvroType.Bytes);

    /// <summary>Gets the string schema.</summary>
    public static PrimitiveSchema String { get; } = new(AvroType.String);
}
