using System.Runtime.CompilerServices;

namespace ParcelStream.Rules.Text;

/// <summary>A set of ISO 3166-1 alpha-2 codes as a 676-bit bitset: membership is one bit test.</summary>
internal sealed class CountrySet
{
    /// <summary>Number of two-letter codes.</summary>
    public const int CodeCount = 26 * 26;

    private readonly ulong[] _bits = new ulong[(CodeCount + 63) / 64];

    /// <summary>Builds the set.</summary>
    /// <param name="codes">Two upper-case letters each.</param>
    public CountrySet(IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        foreach (string code in codes)
        {
            int index = IndexOf(System.Text.Encoding.ASCII.GetBytes(code));
            if (index < 0)
            {
                throw new ArgumentException($"'{code}' is not a two-letter country code.", nameof(codes));
            }

            _bits[index >> 6] |= 1UL << index;
        }
    }

    /// <summary>Gets the index 0..675 of a two-letter code (either case).</summary>
    /// <param name="code">ASCII bytes.</param>
    /// <returns>The index, or -1 when not two letters.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ReadOnlySpan<byte> code)
    {
        if (code.Length != 2)
        {
            return -1;
        }

        int a = (code[0] | 0x20) - 'a';
        int b = (code[1] | 0x20) - 'a';
        return (uint)a < 26 && (uint)b < 26 ? (a * 26) + b : -1;
    }

    /// <summary>Tells whether the code is in the set.</summary>
    /// <param name="code">ASCII bytes.</param>
    /// <returns>False when not, or when not a two-letter code.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Contains(ReadOnlySpan<byte> code)
    {
        int index = IndexOf(code);
        return index >= 0 && (_bits[index >> 6] & (1UL << index)) != 0;
    }
}
