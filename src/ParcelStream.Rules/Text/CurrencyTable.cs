using System.Runtime.CompilerServices;

namespace ParcelStream.Rules.Text;

/// <summary>Dense indexes of ISO 4217 alphabetic codes (three upper-case letters).</summary>
internal static class CurrencyTable
{
    /// <summary>Number of three-letter codes.</summary>
    public const int CodeCount = 26 * 26 * 26;

    /// <summary>Gets the index 0..17575 of a currency code.</summary>
    /// <param name="code">ASCII bytes.</param>
    /// <returns>The index, or -1 when not three upper-case letters.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ReadOnlySpan<byte> code)
    {
        if (code.Length != 3)
        {
            return -1;
        }

        int a = code[0] - 'A';
        int b = code[1] - 'A';
        int c = code[2] - 'A';
        return (uint)a < 26 && (uint)b < 26 && (uint)c < 26 ? (((a * 26) + b) * 26) + c : -1;
    }
}
