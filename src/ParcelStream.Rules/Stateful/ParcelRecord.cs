namespace ParcelStream.Rules.Stateful;

/// <summary>One recent parcel of a consignee, as the split-shipment and duplicate checks need it.</summary>
public struct ParcelRecord
{
    /// <summary>The manifestId (UTF-8).</summary>
    public byte[] ManifestId;

    /// <summary>The tracking number (UTF-8); also the key of an amendment record.</summary>
    public byte[] TrackingNumber;

    /// <summary>Hash of the manifest's content without manifestId and createdAt (<see cref="ContentHash"/>).</summary>
    public ulong ContentHash;

    /// <summary>Total value in hundredths of the rule pack's base currency; -1 when the currency has no rate.</summary>
    public long ValueCents;

    /// <summary>The manifest's createdAt, UTC milliseconds.</summary>
    public long EventTimeMillis;

    /// <summary>The risk score of its decision.</summary>
    public float RiskScore;

    /// <summary>The outcome last published for it (initial decision, or the amendment).</summary>
    public byte Outcome;

    /// <summary>What the checks found.</summary>
    public ParcelFlags Flags;

    /// <summary>The related manifestIds its decision named (split group or earlier duplicates), null when none.</summary>
    public byte[][]? Related;
}
