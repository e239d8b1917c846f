namespace ParcelStream.Codec;

/// <summary>Why a message could not be decoded; stable names, used as DLQ header values and metric labels.</summary>
public enum AvroErrorCode : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input ended before the value was complete.</summary>
    Truncated,

    /// <summary>A variable-length integer ran over 10 bytes (or 5 for an int).</summary>
    VarintTooLong,

    /// <summary>A decoded int did not fit in 32 bits.</summary>
    IntOverflow,

    /// <summary>A string, bytes or block length was negative.</summary>
    NegativeLength,

    /// <summary>A string or bytes value was longer than the configured limit.</summary>
    StringTooLong,

    /// <summary>An array or map held more elements than the configured limit.</summary>
    TooManyItems,

    /// <summary>Schemas nested deeper than the configured limit.</summary>
    NestingTooDeep,

    /// <summary>A union branch index was outside the union.</summary>
    InvalidUnionIndex,

    /// <summary>An enum symbol index was outside the enum.</summary>
    InvalidEnumIndex,

    /// <summary>A boolean byte was neither 0 nor 1.</summary>
    InvalidBoolean,

    /// <summary>A string was not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The frame started with a magic byte this reader does not accept.</summary>
    UnknownMagicByte,

    /// <summary>The Confluent schema id is not in the local registry.</summary>
    UnknownSchemaId,

    /// <summary>The single-object fingerprint is not in the local registry.</summary>
    UnknownFingerprint,

    /// <summary>The writer schema cannot be resolved against the reader schema (the value read is not representable).</summary>
    SchemaMismatch,

    /// <summary>Bytes were left over after the datum.</summary>
    TrailingBytes,

    /// <summary>An object container file's header, block or sync marker was malformed.</summary>
    InvalidContainer,

    /// <summary>The message was larger than the configured limit.</summary>
    MessageTooLarge,
}
