namespace ParcelStream.DevTools.Generation;

/// <summary>The parcels of one split shipment still to be generated: one seller, one consignee, a few hours apart.</summary>
internal sealed class SplitShipmentGroup
{
    public required Geography.Origin Origin { get; init; }

    public required Geography.Destination Destination { get; init; }

    /// <summary>Seed for the consignee and consignor, replayed for every parcel of the group.</summary>
    public required ulong PartySeed { get; init; }

    public required string MarketplaceId { get; init; }

    public required string SellerId { get; init; }

    public required long StartMillis { get; init; }

    public int Remaining { get; set; }

    public long OffsetMillis { get; set; }
}
