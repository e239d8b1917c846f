namespace ParcelStream.Rules.Text;

/// <summary>
/// A trie over byte strings (HS code prefixes, mostly) with a dense table over byte classes: one walk over a value
/// gives the sets whose prefixes it starts with, or the row of its longest listed prefix.
/// </summary>
internal sealed class ByteTrie
{
    private readonly byte[] _classOf = new byte[256];
    private readonly int _classCount;
    private readonly int[] _next;
    private readonly ulong[] _masks;
    private readonly int[] _rows;

    /// <summary>Builds the trie.</summary>
    /// <param name="entries">Prefix, the set bits it belongs to, and its row (-1 for none).</param>
    public ByteTrie(IReadOnlyList<(byte[] Prefix, ulong Mask, int Row)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        int classes = 1;
        foreach ((byte[] prefix, _, _) in entries)
        {
            foreach (byte b in prefix)
            {
                if (_classOf[b] == 0)
                {
                    if (classes == 256)
                    {
                        throw new ArgumentException("Too many distinct bytes in prefixes.", nameof(entries));
                    }

                    _classOf[b] = (byte)classes++;
                }
            }
        }

        _classCount = classes;
        var next = new List<int>(new int[_classCount]);
        var masks = new List<ulong> { 0 };
        var rows = new List<int> { -1 };
        foreach ((byte[] prefix, ulong mask, int row) in entries)
        {
            int state = 0;
            foreach (byte b in prefix)
            {
                int slot = (state * _classCount) + _classOf[b];
                if (next[slot] == 0)
                {
                    next[slot] = masks.Count;
                    next.AddRange(new int[_classCount]);
                    masks.Add(0);
                    rows.Add(-1);
                }

                state = next[slot];
            }

            masks[state] |= mask;
            if (row >= 0)
            {
                rows[state] = row;
            }
        }

        _next = [.. next];
        _masks = [.. masks];
        _rows = [.. rows];
    }

    /// <summary>Gets the union of the masks of every listed prefix of <paramref name="value"/>.</summary>
    /// <param name="value">E.g. an HS code.</param>
    /// <returns>The mask; 0 when no prefix matches.</returns>
    public ulong Match(ReadOnlySpan<byte> value) => Walk(value, out _);

    /// <summary>Gets the row of the longest listed prefix of <paramref name="value"/>.</summary>
    /// <param name="value">E.g. an HS code.</param>
    /// <returns>The row, or -1 when no prefix with a row matches.</returns>
    public int LongestRow(ReadOnlySpan<byte> value)
    {
        Walk(value, out int row);
        return row;
    }

    private ulong Walk(ReadOnlySpan<byte> value, out int row)
    {
        ulong mask = _masks[0];
        row = _rows[0];
        int state = 0;
        foreach (byte b in value)
        {
            int c = _classOf[b];
            state = c == 0 ? 0 : _next[(state * _classCount) + c];
            if (state == 0)
            {
                break;
            }

            mask |= _masks[state];
            if (_rows[state] >= 0)
            {
                row = _rows[state];
            }
        }

        return mask;
    }
}
