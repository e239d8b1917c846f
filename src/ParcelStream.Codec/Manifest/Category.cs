namespace ParcelStream.Codec.Manifest;

/// <summary>Declared category of the consignment (schema enum Category, same order).</summary>
public enum Category : byte
{
    /// <summary>Sale of goods.</summary>
    SaleOfGoods,

    /// <summary>Gift.</summary>
    Gift,

    /// <summary>Documents.</summary>
    Documents,

    /// <summary>Commercial sample.</summary>
    CommercialSample,

    /// <summary>Returned goods.</summary>
    ReturnedGoods,

    /// <summary>Other.</summary>
    Other,
}
