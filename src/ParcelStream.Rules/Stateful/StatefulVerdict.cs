namespace ParcelStream.Rules.Stateful;

/// <summary>What <see cref="StatefulChecks"/> (its Apply methods) did to one decision.</summary>
public enum StatefulVerdict : byte
{
    /// <summary>Nothing found; the parcel was recorded.</summary>
    None,

    /// <summary>HOLD with SPLIT_SHIPMENT (amendments may have been published for earlier parcels).</summary>
    SplitShipment,

    /// <summary>DUPLICATE_MANIFEST: a tracking number (or manifestId) seen before with different content.</summary>
    Duplicate,

    /// <summary>The same manifestId with the same content: the earlier decision was reproduced; nothing changed in the store.</summary>
    Redelivery,

    /// <summary>The same tracking number and content under a new manifestId: recorded, not counted twice, not flagged.</summary>
    Resubmission,
}
