namespace ParcelStream.Codec.Container;

/// <summary>Constants of the Avro 1.12 object container file format.</summary>
internal static class AvroContainerFormat
{
    /// <summary>Length of the magic ("Obj" 0x01).</summary>
    public const int MagicLength = 4;

    /// <summary>Length of the sync marker.</summary>
    public const int SyncLength = 16;

    /// <summary>Most bytes the two varints (object count, byte size) in front of a block can take.</summary>
    public const int MaxBlockHeaderLength = 20;

    /// <summary>Gets the magic bytes that start every object container file.</summary>
    public static ReadOnlySpan<byte> Magic => "Obj\u0001"u8;

    /// <summary>Gets the metadata key of the writer schema.</summary>
    public static ReadOnlySpan<byte> SchemaKey => "avro.schema"u8;

    /// <summary>Gets the metadata key of the codec.</summary>
    public static ReadOnlySpan<byte> CodecKey => "avro.codec"u8;

    /// <summary>Gets the name of the null codec.</summary>
    public static ReadOnlySpan<byte> NullCodecName => "null"u8;

    /// <summary>Gets the name of the deflate codec.</summary>
    public static ReadOnlySpan<byte> DeflateCodecName => "deflate"u8;

    /// <summary>Gets the reserved prefix of metadata keys.</summary>
    public static string ReservedPrefix => "avro.";

    /// <summary>Gets the <c>avro.codec</c> value of <paramref name="codec"/>.</summary>
    /// <param name="codec">The codec.</param>
    /// <returns>The UTF-8 name.</returns>
    public static ReadOnlySpan<byte> CodecName(AvroContainerCodec codec) => codec == AvroContainerCodec.Deflate ? DeflateCodecName : NullCodecName;
}
