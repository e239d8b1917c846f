namespace ParcelStream.Rules.Screening;

/// <summary>Tells whether two words are at most one edit apart (insertion, deletion, substitution or adjacent transposition).</summary>
internal static class OneEdit
{
    /// <summary>Compares two words.</summary>
    /// <param name="a">One word.</param>
    /// <param name="b">The other.</param>
    /// <returns>True when equal or one edit apart.</returns>
    public static bool Within(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length < b.Length)
        {
            return Within(b, a);
        }

        if (a.Length - b.Length > 1)
        {
            return false;
        }

        int i = a.CommonPrefixLength(b);
        if (i == b.Length)
        {
            return true;
        }

        if (a.Length != b.Length)
        {
            return a[(i + 1)..].SequenceEqual(b[i..]);
        }

        if (a[(i + 1)..].SequenceEqual(b[(i + 1)..]))
        {
            return true;
        }

        return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..].SequenceEqual(b[(i + 2)..]);
    }
}
