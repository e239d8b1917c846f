using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace ParcelStream.Rules.Stateful;

/// <summary>
/// Changelog format of the split-shipment store. Key: the 16-byte <see cref="ConsigneeKey"/>. Value: version byte 1,
/// count (u16), then per parcel: manifestId, trackingNumber (u16 length + UTF-8 each), contentHash (u64), valueCents,
/// eventTime (i64), riskScore (f32), outcome, flags (u8), related count (u16) and related manifestIds. Little-endian.
/// </summary>
public readonly struct ParcelWindowCodec : IStoreCodec<ConsigneeKey, ParcelWindow>
{
    private const byte Version = 1;

    /// <summary>Most parcels or related ids read from one record: a corrupt count must not allocate without bound.</summary>
    private const int MaxCount = 4096;

    /// <inheritdoc />
    public void WriteKey(in ConsigneeKey key, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        key.WriteTo(output.GetSpan(ConsigneeKey.Size));
        output.Advance(ConsigneeKey.Size);
    }

    /// <inheritdoc />
    public bool TryReadKey(ReadOnlySpan<byte> data, out ConsigneeKey key) => ConsigneeKey.TryRead(data, out key);

    /// <inheritdoc />
    public void WriteValue(ParcelWindow value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> head = output.GetSpan(3);
        head[0] = Version;
        BinaryPrimitives.WriteUInt16LittleEndian(head[1..], (ushort)value.Count);
        output.Advance(3);
        for (int i = 0; i < value.Count; i++)
        {
            ref ParcelRecord r = ref value[i];
            WriteBytes(output, r.ManifestId);
            WriteBytes(output, r.TrackingNumber);
            Span<byte> fixedPart = output.GetSpan(32);
            BinaryPrimitives.WriteUInt64LittleEndian(fixedPart, r.ContentHash);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[8..], r.ValueCents);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[16..], r.EventTimeMillis);
            BinaryPrimitives.WriteSingleLittleEndian(fixedPart[24..], r.RiskScore);
            fixedPart[28] = r.Outcome;
            fixedPart[29] = (byte)r.Flags;
            int related = r.Related?.Length ?? 0;
            BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[30..], (ushort)related);
            output.Advance(32);
            for (int j = 0; j < related; j++)
            {
                WriteBytes(output, r.Related![j]);
            }
        }
    }

    /// <inheritdoc />
    public bool TryReadValue(ReadOnlySpan<byte> data, [MaybeNullWhen(false)] out ParcelWindow value)
    {
        value = null;
        if (data.Length < 3 || data[0] != Version)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(data[1..]);
        if (count > MaxCount)
        {
            return false;
        }

        var window = new ParcelWindow(count);
        int at = 3;
        for (int i = 0; i < count; i++)
        {
            if (!TryReadSpan(data, ref at, out ReadOnlySpan<byte> manifestId) || !TryReadSpan(data, ref at, out ReadOnlySpan<byte> trackingNumber) || data.Length - at < 32)
            {
                return false;
            }

            var r = ParcelRecord.Create(manifestId, trackingNumber);

            ReadOnlySpan<byte> fixedPart = data.Slice(at, 32);
            r.ContentHash = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart);
            r.ValueCents = BinaryPrimitives.ReadInt64LittleEndian(fixedPart[8..]);
            r.EventTimeMillis = BinaryPrimitives.ReadInt64LittleEndian(fixedPart[16..]);
            r.RiskScore = BinaryPrimitives.ReadSingleLittleEndian(fixedPart[24..]);
            r.Outcome = fixedPart[28];
            r.Flags = (ParcelFlags)fixedPart[29];
            int related = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[30..]);
            at += 32;
            if (related > MaxCount)
            {
                return false;
            }

            if (related > 0)
            {
                r.Related = new byte[related][];
                for (int j = 0; j < related; j++)
                {
                    if (!TryReadSpan(data, ref at, out ReadOnlySpan<byte> relatedId))
                    {
                        return false;
                    }

                    r.Related[j] = relatedId.ToArray();
                }
            }

            window.Add(r);
        }

        value = window;
        return at == data.Length;
    }

    private static void WriteBytes(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        Span<byte> span = output.GetSpan(2 + bytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)bytes.Length);
        bytes.CopyTo(span[2..]);
        output.Advance(2 + bytes.Length);
    }

    private static bool TryReadSpan(ReadOnlySpan<byte> data, ref int at, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (data.Length - at < 2)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);
        if (data.Length - at - 2 < length)
        {
            return false;
        }

        bytes = data.Slice(at + 2, length);
        at += 2 + length;
        return true;
    }
}
