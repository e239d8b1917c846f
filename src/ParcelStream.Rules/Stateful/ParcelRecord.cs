namespace ParcelStream.Rules.Stateful;

/// <summary>One recent parcel of a consignee, as the split-shipment and duplicate checks need it.</summary>
public struct ParcelRecord
{
    /// <summary>The manifestId then the tracking number (UTF-8) in one array: one object per parcel instead of two.</summary>
    public byte[] Ids;

    /// <summary>Hash of the manifest's content without manifestId and createdAt (<see cref="StatefulChecks.ContentHash"/>).</summary>
    public ulong ContentHash;

    /// <summary>Total value in hundredths of the rule pack's base currency; -1 when the currency has no rate.</summary>
    public long ValueCents;

    /// <summary>The manifest's createdAt, UTC milliseconds.</summary>
    public long EventTimeMillis;

    /// <summary>The risk score of its decision.</summary>
    public float RiskScore;

    /// <summary>The outcome of its initial decision.</summary>
    public byte Outcome;

    /// <summary>What the checks found.</summary>
    public ParcelFlags Flags;

    /// <summary>Bytes of the manifestId at the start of <see cref="Ids"/>.</summary>
    public ushort ManifestIdLength;

    /// <summary>The related manifestIds its decision named (split group or earlier duplicates), null when none.</summary>
    public byte[][]? Related;

    /// <summary>Gets the manifestId (UTF-8).</summary>
    public readonly ReadOnlySpan<byte> ManifestId => Ids.AsSpan(0, ManifestIdLength);

    /// <summary>Gets the tracking number (UTF-8); also the key of an amendment record.</summary>
    public readonly ReadOnlySpan<byte> TrackingNumber => Ids.AsSpan(ManifestIdLength);

    /// <summary>Makes a record holding copies of the two ids.</summary>
    /// <param name="manifestId">UTF-8 manifestId, at most 65,535 bytes.</param>
    /// <param name="trackingNumber">UTF-8 tracking number.</param>
    /// <returns>The record, other fields zero.</returns>
    public static ParcelRecord Create(ReadOnlySpan<byte> manifestId, ReadOnlySpan<byte> trackingNumber)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(manifestId.Length, ushort.MaxValue, nameof(manifestId));
        var ids = new byte[manifestId.Length + trackingNumber.Length];
        manifestId.CopyTo(ids);
        trackingNumber.CopyTo(ids.AsSpan(manifestId.Length));
        return new ParcelRecord { Ids = ids, ManifestIdLength = (ushort)manifestId.Length };
    }
}
