using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Stateful;

/// <summary>
/// A consignee reduced to a fixed-size key: name, address lines, postal code and country, each folded (case,
/// diacritics, whitespace and punctuation: "Müller-Weg 5" and "MULLERWEG 5" are the same), hashed with XXH128.
/// The split-shipment store and the repartition topic are keyed by it.
/// </summary>
/// <param name="High">Upper 64 bits of the hash.</param>
/// <param name="Low">Lower 64 bits of the hash.</param>
public readonly record struct ConsigneeKey(ulong High, ulong Low)
{
    /// <summary>Bytes of the key on the wire (repartition record key, changelog key).</summary>
    public const int Size = 16;

    private const int StackLimit = 1024;
    private const byte FieldSeparator = 0x1F;

    /// <summary>Computes the key of a manifest's consignee.</summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <returns>The key; every field missing still gives a key (the same for all such manifests of a country).</returns>
    public static ConsigneeKey Of(ManifestView manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Of(
            manifest.GetString(ManifestField.ConsigneeName),
            manifest.GetString(ManifestField.ConsigneeAddressLine1),
            manifest.GetString(ManifestField.ConsigneeAddressLine2),
            manifest.GetString(ManifestField.ConsigneePostalCode),
            manifest.GetString(ManifestField.ConsigneeCountryCode));
    }

    /// <summary>Computes the key of a consignee from its UTF-8 fields.</summary>
    /// <returns>The key.</returns>
    public static ConsigneeKey Of(ReadOnlySpan<byte> name, ReadOnlySpan<byte> addressLine1, ReadOnlySpan<byte> addressLine2, ReadOnlySpan<byte> postalCode, ReadOnlySpan<byte> country)
    {
        int bound = TextFolder.MaxFoldedLength(name.Length) + TextFolder.MaxFoldedLength(addressLine1.Length)
            + TextFolder.MaxFoldedLength(addressLine2.Length) + TextFolder.MaxFoldedLength(postalCode.Length)
            + TextFolder.MaxFoldedLength(country.Length) + 8;
        byte[]? rented = null;
        Span<byte> buffer = bound <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(bound));
        try
        {
            int length = Append(buffer, 0, name, separate: true);
            // The two address lines are one address: where an operator broke the line must not matter.
            length = Append(buffer, length, addressLine1, separate: false);
            length = Append(buffer, length, addressLine2, separate: true);
            length = Append(buffer, length, postalCode, separate: true);
            length = Append(buffer, length, country, separate: true);
            UInt128 hash = XxHash128.HashToUInt128(buffer[..length]);
            return new ConsigneeKey((ulong)(hash >> 64), (ulong)hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads a key written by <see cref="WriteTo"/>.</summary>
    /// <param name="source">At least <see cref="Size"/> bytes.</param>
    /// <param name="key">The key.</param>
    /// <returns>False when <paramref name="source"/> is not exactly <see cref="Size"/> bytes.</returns>
    public static bool TryRead(ReadOnlySpan<byte> source, out ConsigneeKey key)
    {
        if (source.Length != Size)
        {
            key = default;
            return false;
        }

        key = new ConsigneeKey(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));
        return true;
    }

    /// <summary>Writes the key, big-endian (High then Low).</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <inheritdoc />
    public override string ToString() => $"{High:x16}{Low:x16}";

    /// <summary>Folds one field and appends its letters and digits only (no spaces), then a separator if asked.</summary>
    private static int Append(Span<byte> buffer, int at, ReadOnlySpan<byte> field, bool separate)
    {
        Span<byte> target = buffer[at..];
        int folded = TextFolder.Fold(field, target);
        int kept = 0;
        for (int i = 0; i < folded; i++)
        {
            byte b = target[i];
            if (b != (byte)' ')
            {
                target[kept++] = b;
            }
        }

        if (separate)
        {
            target[kept++] = FieldSeparator;
        }

        return at + kept;
    }
}
