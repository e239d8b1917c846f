namespace ParcelStream.Codec.Manifest;

/// <summary>
/// The scalar fields of a <c>parcelstream.v1.ParcelManifest</c>, nested records flattened (consignor.name is
/// <see cref="ConsignorName"/>). The two parties' fields are laid out alike, so <c>ConsigneeName + k</c> is the
/// same <see cref="PartyField"/> k as <c>ConsignorName + k</c>.
/// </summary>
public enum ManifestField : byte
{
    /// <summary>manifestId (string).</summary>
    ManifestId,

    /// <summary>trackingNumber (string).</summary>
    TrackingNumber,

    /// <summary>operatorCode (string).</summary>
    OperatorCode,

    /// <summary>operatorType (enum <see cref="Manifest.OperatorType"/>).</summary>
    OperatorType,

    /// <summary>createdAt (long, timestamp-millis).</summary>
    CreatedAt,

    /// <summary>airWaybill (nullable string).</summary>
    AirWaybill,

    /// <summary>transport.mode (enum <see cref="Manifest.TransportMode"/>).</summary>
    TransportMode,

    /// <summary>transport.carrierCode (nullable string).</summary>
    TransportCarrierCode,

    /// <summary>transport.flightOrVoyage (nullable string).</summary>
    TransportFlightOrVoyage,

    /// <summary>transport.loadingPort (nullable string).</summary>
    TransportLoadingPort,

    /// <summary>transport.arrivalPort (nullable string).</summary>
    TransportArrivalPort,

    /// <summary>departureCountry (string).</summary>
    DepartureCountry,

    /// <summary>destinationCountry (string).</summary>
    DestinationCountry,

    /// <summary>consignor.name (string).</summary>
    ConsignorName,

    /// <summary>consignor.addressLine1 (string).</summary>
    ConsignorAddressLine1,

    /// <summary>consignor.addressLine2 (nullable string).</summary>
    ConsignorAddressLine2,

    /// <summary>consignor.city (string).</summary>
    ConsignorCity,

    /// <summary>consignor.postalCode (nullable string).</summary>
    ConsignorPostalCode,

    /// <summary>consignor.countryCode (string).</summary>
    ConsignorCountryCode,

    /// <summary>consignor.taxId (nullable string).</summary>
    ConsignorTaxId,

    /// <summary>consignor.email (nullable string).</summary>
    ConsignorEmail,

    /// <summary>consignor.phone (nullable string).</summary>
    ConsignorPhone,

    /// <summary>consignee.name (string).</summary>
    ConsigneeName,

    /// <summary>consignee.addressLine1 (string).</summary>
    ConsigneeAddressLine1,

    /// <summary>consignee.addressLine2 (nullable string).</summary>
    ConsigneeAddressLine2,

    /// <summary>consignee.city (string).</summary>
    ConsigneeCity,

    /// <summary>consignee.postalCode (nullable string).</summary>
    ConsigneePostalCode,

    /// <summary>consignee.countryCode (string).</summary>
    ConsigneeCountryCode,

    /// <summary>consignee.taxId (nullable string).</summary>
    ConsigneeTaxId,

    /// <summary>consignee.email (nullable string).</summary>
    ConsigneeEmail,

    /// <summary>consignee.phone (nullable string).</summary>
    ConsigneePhone,

    /// <summary>category (enum <see cref="Manifest.Category"/>).</summary>
    Category,

    /// <summary>currency (string).</summary>
    Currency,

    /// <summary>totalValueMinor (long).</summary>
    TotalValueMinor,

    /// <summary>grossWeightGrams (int).</summary>
    GrossWeightGrams,

    /// <summary>pieces (int).</summary>
    Pieces,

    /// <summary>iossNumber (nullable string).</summary>
    IossNumber,

    /// <summary>marketplaceId (nullable string).</summary>
    MarketplaceId,

    /// <summary>sellerId (nullable string).</summary>
    SellerId,
}
