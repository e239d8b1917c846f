namespace ParcelStream.Codec.Manifest;

/// <summary>The fields of a <c>Party</c> record, in schema order; add to <see cref="ManifestField.ConsignorName"/> or <see cref="ManifestField.ConsigneeName"/>.</summary>
public enum PartyField : byte
{
    /// <summary>name.</summary>
    Name,

    /// <summary>addressLine1.</summary>
    AddressLine1,

    /// <summary>addressLine2.</summary>
    AddressLine2,

    /// <summary>city.</summary>
    City,

    /// <summary>postalCode.</summary>
    PostalCode,

    /// <summary>countryCode.</summary>
    CountryCode,

    /// <summary>taxId.</summary>
    TaxId,

    /// <summary>email.</summary>
    Email,

    /// <summary>phone.</summary>
    Phone,
}
