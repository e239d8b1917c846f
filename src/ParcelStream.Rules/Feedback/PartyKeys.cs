using System.Buffers;
using System.Globalization;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Feedback;

/// <summary>
/// The keys inspection history is kept under: the seller (its id, trimmed, ASCII case ignored) and the consignor (the
/// name folded as watch-list screening folds it, plus the country). Consignor keys are 64-bit hashes so that no name
/// leaves the worker (topics and files hold the hash in hex); seller ids are business identifiers and stay readable.
/// </summary>
public static class PartyKeys
{
    private const int MaxStackName = 512;
    private const byte SellerTag = (byte)'s';
    private const byte ConsignorTag = (byte)'c';

    /// <summary>Hashes a seller id (what history tables are keyed by); 0 for a missing id.</summary>
    /// <param name="sellerId">UTF-8 seller id.</param>
    /// <returns>The key, 0 when the id is blank.</returns>
    public static ulong Seller(ReadOnlySpan<byte> sellerId)
    {
        sellerId = sellerId.Trim((byte)' ');
        if (sellerId.IsEmpty)
        {
            return 0;
        }

        ulong hash = StableHash.Add(StableHash.Start, SellerTag);
        foreach (byte b in sellerId)
        {
            hash = StableHash.Add(hash, b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b);
        }

        return NonZero(StableHash.Finish(hash));
    }

    /// <summary>Hashes a seller id given as text.</summary>
    /// <param name="sellerId">The id.</param>
    /// <returns>The key, 0 when blank.</returns>
    public static ulong Seller(string sellerId) => Seller(System.Text.Encoding.UTF8.GetBytes(sellerId ?? string.Empty));

    /// <summary>Hashes the manifest's consignor (folded name and country); 0 when the name is blank.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The key.</returns>
    public static ulong Consignor(ManifestView manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Consignor(manifest.GetString(ManifestField.ConsignorName), manifest.GetString(ManifestField.ConsignorCountryCode));
    }

    /// <summary>Hashes a consignor's name and country; 0 when the name is blank.</summary>
    /// <param name="name">UTF-8 name.</param>
    /// <param name="country">UTF-8 ISO country code.</param>
    /// <returns>The key.</returns>
    public static ulong Consignor(ReadOnlySpan<byte> name, ReadOnlySpan<byte> country)
    {
        int size = TextFolder.MaxFoldedLength(name.Length);
        byte[]? rented = null;
        Span<byte> folded = size <= MaxStackName ? stackalloc byte[MaxStackName] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            ReadOnlySpan<byte> text = folded[..TextFolder.Fold(name, folded)].Trim((byte)' ');
            if (text.IsEmpty)
            {
                return 0;
            }

            ulong hash = StableHash.Add(StableHash.Add(StableHash.Start, ConsignorTag), text);
            hash = StableHash.Add(hash, (byte)'|');
            foreach (byte b in country.Trim((byte)' '))
            {
                hash = StableHash.Add(hash, b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b);
            }

            return NonZero(StableHash.Finish(hash));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Formats a consignor key as the 16 hex digits used in topics and files.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The text.</returns>
    public static string Format(ulong key) => key.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Parses what <see cref="Format"/> wrote.</summary>
    /// <param name="text">16 hex digits.</param>
    /// <param name="key">The key.</param>
    /// <returns>False when the text is not a key.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ulong key) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out key) && text.Length == 16;

    // 0 means "no party"; a real hash of 0 (one in 2^64) is moved to 1.
    private static ulong NonZero(ulong hash) => hash == 0 ? 1 : hash;
}
