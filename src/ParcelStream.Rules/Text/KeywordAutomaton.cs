using System.Buffers;

namespace ParcelStream.Rules.Text;

/// <summary>
/// Aho-Corasick automaton over folded text (see <see cref="TextFolder"/>) for up to 64 keyword sets at once: one pass
/// over a description tells which sets have a whole-word match and which sets cover the whole text. Transitions are a
/// dense table over byte classes (only bytes that occur in keywords get a class of their own).
/// </summary>
internal sealed class KeywordAutomaton
{
    /// <summary>Most keyword sets one automaton can serve (bits of a ulong).</summary>
    public const int MaxSets = 64;

    private readonly byte[] _classOf;
    private readonly int _classCount;
    private readonly int[] _next;
    private readonly ulong[] _matches;
    private readonly int[] _coverStart;
    private readonly int[] _coverSet;
    private readonly int[] _coverLength;

    /// <summary>Builds the automaton.</summary>
    /// <param name="sets">Each set's folded patterns (leading and trailing space included, as <see cref="TextFolder.Fold(string)"/> gives).</param>
    public KeywordAutomaton(IReadOnlyList<IReadOnlyList<byte[]>> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count > MaxSets)
        {
            throw new ArgumentException($"At most {MaxSets} keyword sets per field.", nameof(sets));
        }

        SetCount = sets.Count;
        _classOf = new byte[256];
        int classes = 1;
        foreach (IReadOnlyList<byte[]> set in sets)
        {
            foreach (byte[] pattern in set)
            {
                foreach (byte b in pattern)
                {
                    if (_classOf[b] == 0)
                    {
                        if (classes == 256)
                        {
                            throw new ArgumentException("Too many distinct bytes in keywords.", nameof(sets));
                        }

                        _classOf[b] = (byte)classes++;
                    }
                }
            }
        }

        _classCount = classes;

        // Trie.
        var children = new List<int[]> { NewRow() };
        var ends = new List<Dictionary<int, int>> { new() };
        for (int s = 0; s < sets.Count; s++)
        {
            foreach (byte[] pattern in sets[s])
            {
                int state = 0;
                foreach (byte b in pattern)
                {
                    int c = _classOf[b];
                    if (children[state][c] <= 0)
                    {
                        children[state][c] = children.Count;
                        children.Add(NewRow());
                        ends.Add([]);
                    }

                    state = children[state][c];
                }

                ends[state][s] = Math.Max(ends[state].GetValueOrDefault(s), pattern.Length);
            }
        }

        // Breadth-first failure links, folded into a complete transition table; outputs merged along failure links.
        int count = children.Count;
        _next = new int[count * _classCount];
        var fail = new int[count];
        var order = new List<int>(count);
        var queue = new Queue<int>();
        for (int c = 0; c < _classCount; c++)
        {
            int child = children[0][c];
            if (child > 0)
            {
                fail[child] = 0;
                queue.Enqueue(child);
            }

            _next[c] = Math.Max(child, 0);
        }

        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            order.Add(state);
            foreach (KeyValuePair<int, int> end in ends[fail[state]])
            {
                ends[state][end.Key] = Math.Max(ends[state].GetValueOrDefault(end.Key), end.Value);
            }

            for (int c = 0; c < _classCount; c++)
            {
                int child = children[state][c];
                if (child > 0)
                {
                    fail[child] = _next[(fail[state] * _classCount) + c];
                    queue.Enqueue(child);
                    _next[(state * _classCount) + c] = child;
                }
                else
                {
                    _next[(state * _classCount) + c] = _next[(fail[state] * _classCount) + c];
                }
            }
        }

        _matches = new ulong[count];
        _coverStart = new int[count + 1];
        var coverSet = new List<int>();
        var coverLength = new List<int>();
        for (int state = 0; state < count; state++)
        {
            _coverStart[state] = coverSet.Count;
            foreach (KeyValuePair<int, int> end in ends[state].OrderBy(e => e.Key))
            {
                _matches[state] |= 1UL << end.Key;
                coverSet.Add(end.Key);
                coverLength.Add(end.Value);
            }
        }

        _coverStart[count] = coverSet.Count;
        _coverSet = [.. coverSet];
        _coverLength = [.. coverLength];

        int[] NewRow()
        {
            var row = new int[_classCount];
            Array.Fill(row, -1);
            return row;
        }
    }

    /// <summary>Gets the number of keyword sets.</summary>
    public int SetCount { get; }

    /// <summary>Gets the number of states (for tests and sizing).</summary>
    public int StateCount => _matches.Length;

    /// <summary>Most text bytes folded on the stack; longer text borrows a pooled buffer.</summary>
    private const int MaxStackText = 512;

    /// <summary>Scans UTF-8 text once.</summary>
    /// <param name="utf8">The text as received.</param>
    /// <param name="covered">Scratch space of at least <see cref="SetCount"/> ints.</param>
    /// <param name="only">Bit s set when the text consists only of words and phrases of set s.</param>
    /// <returns>Bit s set when the text contains a word or phrase of set s.</returns>
    public ulong Scan(ReadOnlySpan<byte> utf8, Span<int> covered, out ulong only)
    {
        int size = TextFolder.MaxFoldedLength(utf8.Length);
        byte[]? rented = null;
        Span<byte> folded = size <= MaxStackText ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            int length = TextFolder.Fold(utf8, folded);
            return ScanFolded(folded[..length], covered[..SetCount], out only);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private ulong ScanFolded(ReadOnlySpan<byte> folded, Span<int> covered, out ulong only)
    {
        covered.Clear();
        int[] next = _next;
        byte[] classOf = _classOf;
        ulong[] matches = _matches;
        int classCount = _classCount;
        int state = 0;
        ulong found = 0;
        for (int position = 0; position < folded.Length; position++)
        {
            state = next[(state * classCount) + classOf[folded[position]]];
            ulong match = matches[state];
            if (match != 0)
            {
                found |= match;
                Cover(state, position, covered);
            }
        }

        only = 0;
        int last = folded.Length - 1;
        if (last > 1 && found != 0)
        {
            for (int s = 0; s < covered.Length; s++)
            {
                if (covered[s] == last)
                {
                    only |= 1UL << s;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// A match ending at <paramref name="position"/> covers [position - length + 1, position]; patterns share their
    /// boundary spaces, so a match that starts at or before the covered end extends the covered prefix of the text.
    /// </summary>
    private void Cover(int state, int position, Span<int> covered)
    {
        for (int k = _coverStart[state]; k < _coverStart[state + 1]; k++)
        {
            int set = _coverSet[k];
            if (position - _coverLength[k] + 1 <= covered[set])
            {
                covered[set] = position;
            }
        }
    }
}
