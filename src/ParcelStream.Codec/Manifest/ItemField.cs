namespace ParcelStream.Codec.Manifest;

/// <summary>The fields of an <c>Item</c> (goods line).</summary>
public enum ItemField : byte
{
    /// <summary>description (string).</summary>
    Description,

    /// <summary>hsCode (string of 6 to 10 digits).</summary>
    HsCode,

    /// <summary>quantity (int).</summary>
    Quantity,

    /// <summary>netWeightGrams (int).</summary>
    NetWeightGrams,

    /// <summary>valueMinor (long).</summary>
    ValueMinor,

    /// <summary>originCountry (string).</summary>
    OriginCountry,
}
