namespace ParcelStream.Codec.Manifest;

/// <summary>
/// A manifest as plain .NET objects, for producing test data, synthetic traffic and replay files. Not used on the
/// decoding path (that is <see cref="ManifestView"/>).
/// </summary>
public sealed class ManifestRecord
{
    /// <summary>Gets or sets manifestId.</summary>
    public string ManifestId { get; set; } = string.Empty;

    /// <summary>Gets or sets trackingNumber.</summary>
    public string TrackingNumber { get; set; } = string.Empty;

    /// <summary>Gets or sets operatorCode.</summary>
    public string OperatorCode { get; set; } = string.Empty;

    /// <summary>Gets or sets operatorType.</summary>
    public OperatorType OperatorType { get; set; }

    /// <summary>Gets or sets createdAt, UTC milliseconds since the epoch.</summary>
    public long CreatedAtMillis { get; set; }

    /// <summary>Gets or sets airWaybill.</summary>
    public string? AirWaybill { get; set; }

    /// <summary>Gets or sets transport.mode.</summary>
    public TransportMode TransportMode { get; set; }

    /// <summary>Gets or sets transport.carrierCode.</summary>
    public string? CarrierCode { get; set; }

    /// <summary>Gets or sets transport.flightOrVoyage.</summary>
    public string? FlightOrVoyage { get; set; }

    /// <summary>Gets or sets transport.loadingPort.</summary>
    public string? LoadingPort { get; set; }

    /// <summary>Gets or sets transport.arrivalPort.</summary>
    public string? ArrivalPort { get; set; }

    /// <summary>Gets or sets departureCountry.</summary>
    public string DepartureCountry { get; set; } = string.Empty;

    /// <summary>Gets or sets destinationCountry.</summary>
    public string DestinationCountry { get; set; } = string.Empty;

    /// <summary>Gets or sets the consignor.</summary>
    public PartyRecord Consignor { get; set; } = new();

    /// <summary>Gets or sets the consignee.</summary>
    public PartyRecord Consignee { get; set; } = new();

    /// <summary>Gets or sets category.</summary>
    public Category Category { get; set; }

    /// <summary>Gets the goods lines.</summary>
    public List<ItemRecord> Items { get; } = [];

    /// <summary>Gets or sets currency.</summary>
    public string Currency { get; set; } = string.Empty;

    /// <summary>Gets or sets totalValueMinor.</summary>
    public long TotalValueMinor { get; set; }

    /// <summary>Gets or sets grossWeightGrams.</summary>
    public int GrossWeightGrams { get; set; }

    /// <summary>Gets or sets pieces.</summary>
    public int Pieces { get; set; }

    /// <summary>Gets or sets iossNumber.</summary>
    public string? IossNumber { get; set; }

    /// <summary>Gets or sets marketplaceId.</summary>
    public string? MarketplaceId { get; set; }

    /// <summary>Gets or sets sellerId.</summary>
    public string? SellerId { get; set; }
}
