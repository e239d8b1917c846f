namespace ParcelStream.Codec.Manifest;

/// <summary>Kind of operator (schema enum OperatorType, same order).</summary>
public enum OperatorType : byte
{
    /// <summary>A designated postal operator (UPU S10 ids).</summary>
    Postal,

    /// <summary>An express carrier.</summary>
    Express,

    /// <summary>A courier.</summary>
    Courier,
}
