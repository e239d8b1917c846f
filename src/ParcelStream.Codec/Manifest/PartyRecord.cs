namespace ParcelStream.Codec.Manifest;

/// <summary>A party as plain .NET objects (see <see cref="ManifestRecord"/>).</summary>
public sealed class PartyRecord
{
    /// <summary>Gets or sets name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets addressLine1.</summary>
    public string AddressLine1 { get; set; } = string.Empty;

    /// <summary>Gets or sets addressLine2.</summary>
    public string? AddressLine2 { get; set; }

    /// <summary>Gets or sets city.</summary>
    public string City { get; set; } = string.Empty;

    /// <summary>Gets or sets postalCode.</summary>
    public string? PostalCode { get; set; }

    /// <summary>Gets or sets countryCode.</summary>
    public string CountryCode { get; set; } = string.Empty;

    /// <summary>Gets or sets taxId.</summary>
    public string? TaxId { get; set; }

    /// <summary>Gets or sets email.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets phone.</summary>
    public string? Phone { get; set; }
}
