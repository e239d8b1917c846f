using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace ParcelStream.Rules.Text;

/// <summary>
/// Folds UTF-8 text to the form keywords and names are compared in: letters and digits lower-cased with Latin
/// diacritics removed (Müller and MULLER fold alike), apostrophes dropped, every other run of characters one space, and
/// one space before and after, so that " as ordered " is found only as whole words. Allocates nothing.
/// </summary>
internal static class TextFolder
{
    private const byte Separator = 0;
    private const byte Skip = 0xFF;
    private const int LatinStart = 0xC0;

    private static readonly byte[] s_ascii = BuildAscii();
    private static readonly byte[][] s_latin = BuildLatin();

    /// <summary>Folds <paramref name="utf8"/> into <paramref name="sink"/>.</summary>
    /// <typeparam name="TSink">The receiver.</typeparam>
    /// <param name="utf8">The text; invalid UTF-8 sequences count as separators.</param>
    /// <param name="sink">Receives the folded bytes.</param>
    public static void Fold<TSink>(ReadOnlySpan<byte> utf8, ref TSink sink)
        where TSink : struct, IByteSink, allows ref struct
    {
        sink.Put((byte)' ');
        bool space = true;
        Span<byte> encoded = stackalloc byte[4];
        int i = 0;
        while (i < utf8.Length)
        {
            byte b = utf8[i];
            if (b < 0x80)
            {
                i++;
                byte folded = s_ascii[b];
                if (folded == Separator)
                {
                    PutSpace(ref sink, ref space);
                }
                else if (folded != Skip)
                {
                    sink.Put(folded);
                    space = false;
                }

                continue;
            }

            OperationStatus status = Rune.DecodeFromUtf8(utf8[i..], out Rune rune, out int consumed);
            i += Math.Max(consumed, 1);
            if (status != OperationStatus.Done)
            {
                PutSpace(ref sink, ref space);
                continue;
            }

            int value = rune.Value;
            if (value - LatinStart < s_latin.Length)
            {
                byte[] fold = s_latin[value - LatinStart];
                if (fold.Length == 0)
                {
                    PutSpace(ref sink, ref space);
                    continue;
                }

                foreach (byte f in fold)
                {
                    sink.Put(f);
                }

                space = false;
                continue;
            }

            UnicodeCategory category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark || value is 0x2019 or 0x2018 or 0x02BC)
            {
                // Combining diacritics (decomposed input) and typographic apostrophes vanish like ASCII ones.
                continue;
            }

            if (!Rune.IsLetterOrDigit(rune))
            {
                PutSpace(ref sink, ref space);
                continue;
            }

            int length = Rune.ToLowerInvariant(rune).EncodeToUtf8(encoded);
            for (int k = 0; k < length; k++)
            {
                sink.Put(encoded[k]);
            }

            space = false;
        }

        if (!space)
        {
            sink.Put((byte)' ');
        }
    }

    /// <summary>Folds a string, for building keyword patterns and name indexes at load time.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The folded bytes, with the leading and trailing space.</returns>
    public static byte[] Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new ListSink(new List<byte>(text.Length + 2));
        Fold(Encoding.UTF8.GetBytes(text), ref sink);
        return [.. sink.Bytes];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutSpace<TSink>(ref TSink sink, ref bool space)
        where TSink : struct, IByteSink, allows ref struct
    {
        if (!space)
        {
            sink.Put((byte)' ');
            space = true;
        }
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

    /// <summary>Collects folded bytes into a list (load time only).</summary>
    private struct ListSink(List<byte> bytes) : IByteSink
    {
        public readonly List<byte> Bytes => bytes;

        public readonly void Put(byte value) => bytes.Add(value);
    }
}
