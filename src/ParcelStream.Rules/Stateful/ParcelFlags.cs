namespace ParcelStream.Rules.Stateful;

/// <summary>What the stateful checks found for one parcel (kept in the store so a re-delivery gets the same decision).</summary>
[Flags]
public enum ParcelFlags : byte
{
    /// <summary>Nothing found.</summary>
    None = 0,

    /// <summary>Decided HOLD with SPLIT_SHIPMENT.</summary>
    Split = 1,

    /// <summary>Decided with DUPLICATE_MANIFEST (not counted in split sums).</summary>
    Duplicate = 2,

    /// <summary>An earlier release of this parcel was amended to HOLD (SPLIT_SHIPMENT) by a later parcel.</summary>
    Amended = 4,

    /// <summary>The same tracking number with the same content under a new manifestId (not counted twice).</summary>
    Resubmitted = 8,
}
