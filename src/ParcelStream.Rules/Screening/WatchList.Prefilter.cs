using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Screening;

/// <summary>
/// A check on letters only, before any folding: a key can match a name only if each of its words has all its letters
/// in the name (words shorter than <see cref="MinFuzzyLength"/>) or all but one (longer words: one edit of bytes drops
/// at most one letter). Most names screened fail it for every key of their country, and skip folding and splitting.
/// </summary>
internal sealed partial class WatchList
{
    /// <summary>Bit of each ASCII byte as folded: letters (either case) 0-25, digits 26-35, anything else none.</summary>
    private static readonly ulong[] s_letterBits = BuildLetterBits();

    /// <summary>Bit of a folded byte: an ASCII letter (0-25) or digit (26-35); 0 for any other byte.</summary>
    private static ulong LetterBit(byte folded) => folded < 0x80 ? s_letterBits[folded] : 0;

    private static ulong[] BuildLetterBits()
    {
        var bits = new ulong[0x80];
        ReadOnlySpan<byte> ascii = TextFolder.AsciiTable;
        for (int b = 0; b < bits.Length; b++)
        {
            byte folded = ascii[b];
            bits[b] = folded switch
            {
                >= (byte)'a' and <= (byte)'z' => 1UL << (folded - 'a'),
                >= (byte)'0' and <= (byte)'9' => 1UL << (26 + folded - '0'),
                _ => 0,
            };
        }

        return bits;
    }

    /// <summary>Per word of a key: its letter bits, and in bit 63 whether it may differ by one edit.</summary>
    private static ulong[] KeyLetters(byte[][] words)
    {
        var masks = new ulong[words.Length];
        for (int w = 0; w < words.Length; w++)
        {
            foreach (byte b in words[w])
            {
                masks[w] |= LetterBit(b);
            }

            masks[w] |= words[w].Length >= MinFuzzyLength ? 1UL << 63 : 0;
        }

        return masks;
    }

    /// <summary>The letter bits of the folded name, computed from the raw bytes (ASCII folding is built into the table).</summary>
    private static ulong Letters(ReadOnlySpan<byte> name)
    {
        ulong[] bits = s_letterBits;
        ulong letters = 0;
        int i = 0;

        // Eight ASCII bytes at a time, into two accumulators (OR is order-free, so the same bits as byte by byte): no
        // bounds checks (each byte is below 0x80, the table's length) and two short dependency chains instead of one long.
        ref byte text = ref MemoryMarshal.GetReference(name);
        ref ulong table = ref MemoryMarshal.GetArrayDataReference(bits);
        ulong other = 0;
        while (i + sizeof(ulong) <= name.Length)
        {
            ulong eight = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref text, i));
            if ((eight & 0x8080808080808080UL) != 0)
            {
                break;
            }

            letters |= Unsafe.Add(ref table, (int)(eight & 0x7F)) | Unsafe.Add(ref table, (int)((eight >> 8) & 0x7F))
                | Unsafe.Add(ref table, (int)((eight >> 16) & 0x7F)) | Unsafe.Add(ref table, (int)((eight >> 24) & 0x7F));
            other |= Unsafe.Add(ref table, (int)((eight >> 32) & 0x7F)) | Unsafe.Add(ref table, (int)((eight >> 40) & 0x7F))
                | Unsafe.Add(ref table, (int)((eight >> 48) & 0x7F)) | Unsafe.Add(ref table, (int)(eight >> 56));
            i += sizeof(ulong);
        }

        letters |= other;
        while (i < name.Length)
        {
            byte b = name[i];
            if (b < 0x80)
            {
                letters |= bits[b];
                i++;
                continue;
            }

            // The index goes to the helper by value: a local whose address is taken would live in memory in the loops above.
            (ulong runeLetters, i) = RuneLetters(name, i);
            letters |= runeLetters;
        }

        return letters;
    }

    /// <summary>The letter bits of the non-ASCII character at <paramref name="i"/> as folded, and the index after it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    [SkipLocalsInit] // the rune buffer is written by FoldRune before it is read
    private static (ulong Letters, int Next) RuneLetters(ReadOnlySpan<byte> name, int i)
    {
        Span<byte> rune = stackalloc byte[TextFolder.MaxRuneBytes];
        int length = TextFolder.FoldRune(name, ref i, rune);
        ulong letters = 0;
        for (int k = 0; k < length; k++)
        {
            letters |= LetterBit(rune[k]);
        }

        return (letters, i);
    }

    /// <summary>Tells whether some key of the country passes the letter check (necessary for it to verify).</summary>
    private bool AnyKeyMayMatch(int[] candidates, ulong letters)
    {
        foreach (int key in candidates)
        {
            bool may = true;
            foreach (ulong word in _keyLetters[key])
            {
                int missing = BitOperations.PopCount(word & ~letters & ~(1UL << 63));
                may &= missing <= (int)(word >> 63);
            }

            if (may)
            {
                return true;
            }
        }

        return false;
    }
}
