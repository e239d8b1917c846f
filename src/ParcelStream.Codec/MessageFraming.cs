namespace ParcelStream.Codec;

/// <summary>How an Avro datum is framed in a message.</summary>
public enum MessageFraming : byte
{
    /// <summary>The bare datum, written with a schema agreed out of band.</summary>
    Raw,

    /// <summary>Confluent Schema Registry wire format: magic byte 0, then the schema id as a 4-byte big-endian int.</summary>
    Confluent,

    /// <summary>Avro single-object encoding: 0xC3 0x01, then the writer schema's CRC-64-AVRO fingerprint, little-endian.</summary>
    SingleObject,
}
