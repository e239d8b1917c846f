using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>A seller of the simulated world: where it ships from, as whom (its consignor), what it sells and how.</summary>
internal sealed class Seller
{
    /// <summary>Gets the seller id on the manifest.</summary>
    public required string SellerId { get; init; }

    /// <summary>Gets the marketplace it sells on; null for a web shop of its own.</summary>
    public required string? MarketplaceId { get; init; }

    /// <summary>Gets the country it ships from.</summary>
    public required Geography.Origin Origin { get; init; }

    /// <summary>Gets its shipping name and address (the consignor on every parcel).</summary>
    public required PartyRecord Consignor { get; init; }

    /// <summary>Gets the goods it sells.</summary>
    public required GoodsCatalog.Product[] Products { get; init; }

    /// <summary>Gets the currency it declares in.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the share of its parcels sent by post (the rest with <see cref="Carrier"/>).</summary>
    public required double PostalShare { get; init; }

    /// <summary>Gets its express or courier operator.</summary>
    public required Carriers.Carrier Carrier { get; init; }

    /// <summary>Gets or sets the share of its parcels that hold counterfeits (<see cref="PlantedPattern.SellerHistory"/>); 0 for an honest seller.</summary>
    public double CounterfeitRate { get; set; }
}
