namespace ParcelStream.DevTools.Generation;

/// <summary>Which manifest field becomes the Kafka message key of a generated message.</summary>
public enum MessageKey
{
    /// <summary>The tracking number: every re-send of a parcel lands on the same partition.</summary>
    TrackingNumber,

    /// <summary>The manifest id.</summary>
    ManifestId,

    /// <summary>The consignee's name, postal code and country: one consignee's parcels land on one partition (split-shipment detection).</summary>
    Consignee,

    /// <summary>No key: the producer spreads messages over partitions.</summary>
    None,
}
