namespace ParcelStream.Codec.Manifest;

/// <summary>A goods line as plain .NET objects (see <see cref="ManifestRecord"/>).</summary>
public sealed class ItemRecord
{
    /// <summary>Gets or sets description.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Gets or sets hsCode.</summary>
    public string HsCode { get; set; } = string.Empty;

    /// <summary>Gets or sets quantity.</summary>
    public int Quantity { get; set; }

    /// <summary>Gets or sets netWeightGrams.</summary>
    public int NetWeightGrams { get; set; }

    /// <summary>Gets or sets valueMinor.</summary>
    public long ValueMinor { get; set; }

    /// <summary>Gets or sets originCountry.</summary>
    public string OriginCountry { get; set; } = string.Empty;
}
