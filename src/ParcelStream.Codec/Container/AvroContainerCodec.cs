namespace ParcelStream.Codec.Container;

/// <summary>How the blocks of an object container file are compressed (the <c>avro.codec</c> metadata value).</summary>
public enum AvroContainerCodec : byte
{
    /// <summary>No compression ("null").</summary>
    Null = 0,

    /// <summary>Raw RFC 1951 deflate, no zlib header ("deflate").</summary>
    Deflate,
}
