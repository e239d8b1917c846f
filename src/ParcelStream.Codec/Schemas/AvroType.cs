namespace ParcelStream.Codec.Schemas;

/// <summary>The Avro schema types.</summary>
public enum AvroType : byte
{
    /// <summary>null.</summary>
    Null,

    /// <summary>boolean.</summary>
    Boolean,

    /// <summary>int (32-bit).</summary>
    Int,

    /// <summary>long (64-bit).</summary>
    Long,

    /// <summary>float.</summary>
    Float,

    /// <summary>double.</summary>
    Double,

    /// <summary>bytes.</summary>
    Bytes,

    /// <summary>string.</summary>
    String,

    /// <summary>record.</summary>
    Record,

    /// <summary>enum.</summary>
    Enum,

    /// <summary>array.</summary>
    Array,

    /// <summary>map.</summary>
    Map,

    /// <summary>union.</summary>
    Union,

    /// <summary>fixed.</summary>
    Fixed,
}
