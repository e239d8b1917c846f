using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParcelStream.Rules.Text;

/// <summary>
/// Aho-Corasick automaton for up to 64 keyword sets at once, run over raw UTF-8 text in one pass: folding (see
/// <see cref="TextFolder"/>) is built into the byte-class table for ASCII, so a byte costs one class lookup and one
/// transition; other characters take a slow path. Patterns are folded keywords with a space before and after, and runs
/// of separators are fed as one space, so matches are whole words. One scan of a description tells which sets have a
/// match and which sets cover the whole text.
/// </summary>
internal sealed class KeywordAutomaton
{
    /// <summary>Most keyword sets one automaton can serve (bits of a ulong).</summary>
    public const int MaxSets = 64;

    private readonly byte[] _classOf = new byte[256];
    private readonly int _classCount;
    private readonly int _spaceClass;
    private readonly int _skipClass;
    private readonly int[] _next;
    private readonly int _firstOutput;
    private readonly bool _rootOnlyLeavesOnSpace;
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
        _classCount = AssignClasses(sets);
        _spaceClass = _classOf[' '];
        _skipClass = _classOf['\''];

        // Trie over classes, then breadth-first failure links folded into a complete transition table.
        var children = new List<int[]> { NewRow(_classCount) };
        var incoming = new List<int> { -1 };
        var ends = new List<Dictionary<int, int>> { new() };
        for (int s = 0; s < sets.Count; s++)
        {
            foreach (byte[] pattern in sets[s])
            {
                int state = 0;
                foreach (byte b in pattern)
                {
                    int c = _classOf[b];
                    if (children[state][c] < 0)
                    {
                        children[state][c] = children.Count;
                        children.Add(NewRow(_classCount));
                        incoming.Add(c);
                        ends.Add([]);
                    }

                    state = children[state][c];
                }

                int words = pattern.Count(b => b == (byte)' ') - 1;
                ends[state][s] = Math.Max(ends[state].GetValueOrDefault(s), words);
            }
        }

        int count = children.Count;
        var next = new int[count * _classCount];
        var fail = new int[count];
        var queue = new Queue<int>();
        for (int c = 0; c < _classCount; c++)
        {
            int child = children[0][c];
            next[c] = Math.Max(child, 0);
            if (child > 0)
            {
                queue.Enqueue(child);
            }
        }

        while (queue.Count > 0)
        {
            int state = queue.Dequeue();
            foreach (KeyValuePair<int, int> end in ends[fail[state]])
            {
                ends[state][end.Key] = Math.Max(ends[state].GetValueOrDefault(end.Key), end.Value);
            }

            for (int c = 0; c < _classCount; c++)
            {
                int child = children[state][c];
                int viaFail = next[(fail[state] * _classCount) + c];
                if (child > 0)
                {
                    fail[child] = viaFail;
                    queue.Enqueue(child);
                    next[(state * _classCount) + c] = child;
                }
                else
                {
                    next[(state * _classCount) + c] = viaFail;
                }
            }
        }

        // Renumber so that states with matches come last (one compare tells "match here"), and store transitions as
        // row offsets (no multiply per byte).
        int[] order = Enumerable.Range(0, count).OrderBy(s => ends[s].Count > 0 ? 1 : 0).ThenBy(s => s).ToArray();
        var newId = new int[count];
        for (int k = 0; k < count; k++)
        {
            newId[order[k]] = k;
        }

        _firstOutput = order.Count(s => ends[s].Count == 0) * _classCount;
        _next = new int[count * _classCount];
        for (int s = 0; s < count; s++)
        {
            for (int c = 0; c < _classCount; c++)
            {
                _next[(newId[s] * _classCount) + c] = newId[next[(s * _classCount) + c]] * _classCount;
            }
        }

        // Folding without branches: an apostrophe leaves every state as it is, and a space after a space (every state
        // reached by a space) too, so that a run of separators acts as one.
        for (int s = 0; s < count; s++)
        {
            int row = newId[s] * _classCount;
            _next[row + _skipClass] = row;
            if (incoming[s] == _spaceClass)
            {
                _next[row + _spaceClass] = row;
            }
        }

        // Every pattern starts with a space, so the root (row 0: it has no match) leaves only on a space: inside a word
        // no keyword continues, the scan can skip to the next separator without walking the table.
        _rootOnlyLeavesOnSpace = newId[0] == 0 && Enumerable.Range(0, _classCount).All(c => c == _spaceClass || _next[c] == 0);

        _matches = new ulong[count];
        _coverStart = new int[count + 1];
        var coverSet = new List<int>();
        var coverLength = new List<int>();
        for (int k = 0; k < count; k++)
        {
            _coverStart[k] = coverSet.Count;
            foreach (KeyValuePair<int, int> end in ends[order[k]].OrderBy(e => e.Key))
            {
                _matches[k] |= 1UL << end.Key;
                coverSet.Add(end.Key);
                coverLength.Add(end.Value);
            }
        }

        _coverStart[count] = coverSet.Count;
        _coverSet = [.. coverSet];
        _coverLength = [.. coverLength];
    }

    /// <summary>Gets the number of keyword sets.</summary>
    public int SetCount { get; }

    /// <summary>Scans UTF-8 text once.</summary>
    /// <param name="utf8">The text as received.</param>
    /// <param name="covered">Scratch space of at least <see cref="SetCount"/> ints.</param>
    /// <param name="only">Bit s set when the text consists only of words and phrases of set s.</param>
    /// <returns>Bit s set when the text contains a word or phrase of set s.</returns>
    public ulong Scan(ReadOnlySpan<byte> utf8, Span<int> covered, out ulong only)
    {
        // covered[s] is read only once set s has matched (Match treats it as 0 before), so it is not cleared here.
        covered = covered[..SetCount];
        byte[] classOf = _classOf;
        int[] next = _next;
        int space = _spaceClass;
        int skip = _skipClass;
        int firstOutput = _firstOutput;
        bool rootSkips = _rootOnlyLeavesOnSpace;
        ulong found = 0;
        int state = next[space];

        // Word boundaries seen so far (the leading space is boundary 0); only counts, so no branch per byte for them.
        int boundary = 0;
        int afterSpace = 1;
        int i = 0;
        // Bounds checks off in the per-byte loop: a byte indexes the 256-entry class table, and every stored transition
        // is a row offset below next.Length by construction, so neither lookup can leave its array.
        ref byte text = ref MemoryMarshal.GetReference(utf8);
        ref byte classes = ref MemoryMarshal.GetArrayDataReference(classOf);
        ref int transitions = ref MemoryMarshal.GetArrayDataReference(next);
        while (i < utf8.Length)
        {
            byte b = Unsafe.Add(ref text, i);
            if (b < 0x80)
            {
                i++;
                int c = Unsafe.Add(ref classes, b);
                state = Unsafe.Add(ref transitions, state + c);
                int isSpace = c == space ? 1 : 0;
                boundary += isSpace & (afterSpace ^ 1);
                afterSpace = isSpace | (afterSpace & (c == skip ? 1 : 0));
                if (state >= firstOutput)
                {
                    found |= Match(state, boundary, covered, found);
                }
                else if (state == 0 && rootSkips)
                {
                    // In the root, after a letter: the rest of the word (ASCII letters, digits, apostrophes) leaves the
                    // state, the boundary count and afterSpace (0) as they are.
                    while (i < utf8.Length && (b = Unsafe.Add(ref text, i)) < 0x80 && Unsafe.Add(ref classes, b) != space)
                    {
                        i++;
                    }
                }

                continue;
            }

            // No local's address is taken in this method (FoldRune's ref index is the helper's copy), so that i, the
            // state and the counters stay in registers in the per-byte loops.
            (state, i, int length) = NonAscii(utf8, i, state);
            if (length == 0)
            {
                boundary += afterSpace ^ 1;
                afterSpace = 1;
            }
            else if (length > 0)
            {
                afterSpace = 0;
            }

            if (state >= firstOutput)
            {
                found |= Match(state, boundary, covered, found);
            }
        }

        if (afterSpace == 0)
        {
            state = next[state + space];
            boundary++;
            if (state >= firstOutput)
            {
                found |= Match(state, boundary, covered, found);
            }
        }

        only = 0;
        if (boundary > 0 && found != 0)
        {
            for (int s = 0; s < covered.Length; s++)
            {
                if ((found & (1UL << s)) != 0 && covered[s] == boundary)
                {
                    only |= 1UL << s;
                }
            }
        }

        return found;
    }

    /// <summary>Feeds the non-ASCII character at <paramref name="i"/> (out of line: <see cref="Scan"/> then needs no rune buffer).</summary>
    /// <returns>The state after it, the index after it, and its folded length (0: a separator, negative: it vanishes).</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    [SkipLocalsInit] // the rune buffer is written by FoldRune before it is read
    private (int State, int Next, int Length) NonAscii(ReadOnlySpan<byte> utf8, int i, int state)
    {
        Span<byte> rune = stackalloc byte[TextFolder.MaxRuneBytes];
        int length = TextFolder.FoldRune(utf8, ref i, rune);
        if (length == 0)
        {
            state = _next[state + _spaceClass];
        }

        for (int k = 0; k < length; k++)
        {
            state = _next[state + _classOf[rune[k]]];
        }

        return (state, i, length);
    }

    private static int[] NewRow(int classes)
    {
        var row = new int[classes];
        Array.Fill(row, -1);
        return row;
    }

    /// <summary>Gives pattern bytes classes; ASCII input bytes get the class of their folding (upper case of lower case, separators of the space).</summary>
    private int AssignClasses(IReadOnlyList<IReadOnlyList<byte[]>> sets)
    {
        int classes = 1;
        foreach (byte b in sets.SelectMany(s => s).SelectMany(p => p).Append((byte)' '))
        {
            if (_classOf[b] == 0)
            {
                if (classes == 255)
                {
                    throw new ArgumentException("Too many distinct bytes in keywords.", nameof(sets));
                }

                _classOf[b] = (byte)classes++;
            }
        }

        ReadOnlySpan<byte> ascii = TextFolder.AsciiTable;
        byte spaceClass = _classOf[' '];
        byte skipClass = (byte)classes++;
        for (int b = 0; b < 0x80; b++)
        {
            _classOf[b] = ascii[b] switch
            {
                TextFolder.Separator => spaceClass,
                TextFolder.Skip => skipClass,
                byte folded => _classOf[folded],
            };
        }

        return classes;
    }

    /// <summary>
    /// Records a match ending at word boundary <paramref name="boundary"/> (the leading space is boundary 0): a pattern of
    /// n words covers boundaries [boundary - n, boundary], so a match that starts at or before the covered end extends
    /// the covered prefix of the text.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ulong Match(int offset, int boundary, Span<int> covered, ulong found)
    {
        int state = offset / _classCount;
        for (int k = _coverStart[state]; k < _coverStart[state + 1]; k++)
        {
            int set = _coverSet[k];
            // Written either way: the first match of a set starts its covered prefix (0 before, as if cleared).
            int end = (found & (1UL << set)) != 0 ? covered[set] : 0;
            covered[set] = boundary - _coverLength[k] <= end ? boundary : end;
        }

        return _matches[state];
    }
}
