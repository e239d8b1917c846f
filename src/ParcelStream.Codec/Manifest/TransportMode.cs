namespace ParcelStream.Codec.Manifest;

/// <summary>Mode of transport at the border (schema enum TransportMode, same order).</summary>
public enum TransportMode : byte
{
    /// <summary>Air.</summary>
    Air,

    /// <summary>Road.</summary>
    Road,

    /// <summary>Rail.</summary>
    Rail,

    /// <summary>Sea.</summary>
    Sea,
}
