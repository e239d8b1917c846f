using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ParcelStream.Rules.Text;

/// <summary>
/// Folds UTF-8 text to the form keywords and names are compared in: letters and digits lower-cased with Latin
/// diacritics removed (Müller and MULLER fold alike), apostrophes dropped, every other run of characters one space, and
/// one space before and after, so that " as ordered " is found only as whole words. Allocates nothing; ASCII takes
/// one table lookup per byte.
/// </summary>
internal static class TextFolder
{
    /// <summary>What <see cref="AsciiTable"/> gives for a byte that separates words.</summary>
    public const byte Separator = 0;

    /// <summary>What <see cref="AsciiTable"/> gives for a byte that vanishes (apostrophes).</summary>
    public const byte Skip = 0xFF;

    /// <summary>Most bytes <see cref="FoldRune"/> writes.</summary>
    public const int MaxRuneBytes = 4;

    private const int LatinStart = 0xC0;

    private static readonly byte[] s_ascii = BuildAscii();
    private static readonly byte[][] s_latin = BuildLatin();

    /// <summary>Gets the most bytes folding <paramref name="length"/> input bytes can give (lower-casing may lengthen a character).</summary>
    /// <param name="length">Input length in bytes.</param>
    /// <returns>The bound.</returns>
    public static int MaxFoldedLength(int length) => (2 * length) + 2;

    /// <summary>Gets the folding of each ASCII byte: the lower-case letter or digit, <see cref="Separator"/> or <see cref="Skip"/>.</summary>
    public static ReadOnlySpan<byte> AsciiTable => s_ascii;

    /// <summary>Folds <paramref name="utf8"/> into <paramref name="destination"/>.</summary>
    /// <param name="utf8">The text; invalid UTF-8 sequences count as separators.</param>
    /// <param name="destination">At least <see cref="MaxFoldedLength"/> bytes.</param>
    /// <returns>The number of bytes written, the leading and trailing space included.</returns>
    public static int Fold(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        ReadOnlySpan<byte> ascii = s_ascii;
        destination[0] = (byte)' ';
        int written = 1;
        int i = 0;
        while (i < utf8.Length)
        {
            byte b = utf8[i];
            int count;
            if (b < 0x80)
            {
                i++;
                byte folded = ascii[b];
                if (folded is not (Separator or Skip))
                {
                    destination[written++] = folded;
                    continue;
                }

                count = folded == Separator ? 0 : -1;
            }
            else
            {
                count = FoldRune(utf8, ref i, destination[written..]);
                written += Math.Max(count, 0);
            }

            if (count == 0 && destination[written - 1] != (byte)' ')
            {
                destination[written++] = (byte)' ';
            }
        }

        if (destination[written - 1] != (byte)' ')
        {
            destination[written++] = (byte)' ';
        }

        return written;
    }

    /// <summary>Folds a string, for building keyword patterns and name indexes at load time.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The folded bytes, with the leading and trailing space.</returns>
    public static byte[] Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var folded = new byte[MaxFoldedLength(utf8.Length)];
        return folded.AsSpan(0, Fold(utf8, folded)).ToArray();
    }

    /// <summary>Folds the non-ASCII character at <paramref name="i"/> (the slow path) and moves past it.</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="i">Index of the character's first byte; advanced past it.</param>
    /// <param name="output">At least <see cref="MaxRuneBytes"/> bytes.</param>
    /// <returns>Bytes written; 0 when the character separates words, -1 when it vanishes (combining marks).</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int FoldRune(ReadOnlySpan<byte> utf8, ref int i, Span<byte> output)
    {
        OperationStatus status = Rune.DecodeFromUtf8(utf8[i..], out Rune rune, out int consumed);
        i += Math.Max(consumed, 1);
        if (status != OperationStatus.Done)
        {
            return 0;
        }

        int value = rune.Value;
        if (value - LatinStart < s_latin.Length)
        {
            byte[] fold = s_latin[value - LatinStart];
            fold.CopyTo(output);
            return fold.Length;
        }

        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark || value is 0x2019 or 0x2018 or 0x02BC)
        {
            // Combining diacritics (decomposed input) and typographic apostrophes vanish like ASCII ones.
            return -1;
        }

        return Rune.IsLetterOrDigit(rune) ? Rune.ToLowerInvariant(rune).EncodeToUtf8(output) : 0;
    }

    private static byte[] BuildAscii()
    {
        var table = new byte[128];
        for (int c = '0'; c <= '9'; c++)
        {
            table[c] = (byte)c;
        }

        for (int c = 'a'; c <= 'z'; c++)
        {
            table[c] = (byte)c;
            table[c - 32] = (byte)c;
        }

        table['\''] = Skip;
        table['`'] = Skip;
        return table;
    }

    private static byte[][] BuildLatin()
    {
        // Latin-1 Supplement (U+00C0..U+00FF) then Latin Extended-A (U+0100..U+017F), as runs of one folding each;
        // "" marks the multiplication and division signs, which separate words.
        (string Fold, int Count)[] runs =
        [
            ("a", 6), ("ae", 1), ("c", 1), ("e", 4), ("i", 4), ("d", 1), ("n", 1), ("o", 5), (string.Empty, 1), ("o", 1),
            ("u", 4), ("y", 1), ("th", 1), ("ss", 1),
            ("a", 6), ("ae", 1), ("c", 1), ("e", 4), ("i", 4), ("d", 1), ("n", 1), ("o", 5), (string.Empty, 1), ("o", 1),
            ("u", 4), ("y", 1), ("th", 1), ("y", 1),
            ("a", 6), ("c", 8), ("d", 4), ("e", 10), ("g", 8), ("h", 4), ("i", 10), ("ij", 2), ("j", 2), ("k", 3), ("l", 10),
            ("n", 9), ("o", 6), ("oe", 2), ("r", 6), ("s", 8), ("t", 6), ("u", 12), ("w", 2), ("y", 3), ("z", 6), ("s", 1),
        ];
        var table = new List<byte[]>();
        foreach ((string fold, int count) in runs)
        {
            for (int k = 0; k < count; k++)
            {
                table.Add(Encoding.ASCII.GetBytes(fold));
            }
        }

        return [.. table];
    }
}
