using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Screening;

/// <summary>
/// A denied-party watch list indexed for fuzzy screening: a name matches an entry (its name or an alias) of the same
/// country when, after folding case and diacritics and dropping legal-form words, both have the same words in any
/// order, each word equal or, for words of four letters or more, one edit apart. Candidates come from a hash index of
/// every word and its one-letter deletions (symmetric deletion), probed with the name's longest word only (every word
/// of a match must pair up, so that one finds it), so a lookup probes a handful of slots and allocates nothing.
/// </summary>
internal sealed partial class WatchList
{
    /// <summary>Most words of a name that take part in matching.</summary>
    public const int MaxWords = 16;

    /// <summary>Shortest word that may differ by one edit.</summary>
    public const int MinFuzzyLength = 4;

    /// <summary>Longest part of a name screened, in UTF-8 bytes (its folded form fits a fixed stack buffer).</summary>
    private const int MaxNameBytes = 254;

    private const ulong PolyBase = 0x100000001B3UL;

    /// <summary>Up to this many keys apply to a country, verifying each beats hashing the probe word and its deletions.</summary>
    private const int DirectVerifyLimit = 8;

    private readonly string[] _entryNames;
    private readonly byte[][][] _keyWords;
    private readonly int[] _keyEntry;
    private readonly int[][] _keyCountries;
    private readonly int[][] _countryKeys;
    private readonly ulong[][] _keyLetters;
    private readonly ulong[] _hashes;
    private readonly int[] _postingStart;
    private readonly int[] _postingCount;
    private readonly int[] _postings;
    private readonly int _mask;
    private readonly Utf8Set _ignore;
    private readonly int _longestIgnored;
    private readonly ulong[] _ignoredFirstBytes;

    /// <summary>Indexes the entries.</summary>
    /// <param name="name">Name of the list in the pack.</param>
    /// <param name="entries">The parties.</param>
    /// <param name="ignoreWords">Words left out of matching, e.g. legal forms (Ltd, GmbH).</param>
    public WatchList(string name, IReadOnlyList<WatchListEntry> entries, IEnumerable<string> ignoreWords)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(ignoreWords);
        Name = name;
        string[] ignored = ignoreWords.Select(w => System.Text.Encoding.UTF8.GetString(TextFolder.Fold(w)).Trim()).Where(w => w.Length > 0).ToArray();
        _ignore = new Utf8Set(ignored);
        _longestIgnored = ignored.Select(System.Text.Encoding.UTF8.GetByteCount).DefaultIfEmpty(0).Max();
        _ignoredFirstBytes = new ulong[_longestIgnored + 1];
        foreach (byte[] word in ignored.Select(System.Text.Encoding.UTF8.GetBytes))
        {
            _ignoredFirstBytes[word.Length] |= 1UL << (word[0] & 63);
        }
        _entryNames = entries.Select(e => e.Name).ToArray();
        var keyWords = new List<byte[][]>();
        var keyEntry = new List<int>();
        var keyCountries = new List<int[]>();
        var index = new Dictionary<ulong, HashSet<int>>();
        for (int e = 0; e < entries.Count; e++)
        {
            WatchListEntry entry = entries[e];
            int[] countries = entry.Countries.Select(c => CountrySet.IndexOf(System.Text.Encoding.ASCII.GetBytes(c))).Where(i => i >= 0).ToArray();
            foreach (string alias in entry.Aliases.Prepend(entry.Name))
            {
                byte[][] words = Words(TextFolder.Fold(alias));
                if (words.Length == 0)
                {
                    continue;
                }

                int key = keyWords.Count;
                keyWords.Add(words);
                keyEntry.Add(e);
                keyCountries.Add(countries);
                foreach (byte[] word in words)
                {
                    AddPosting(index, HashWord(word, -1), key);
                    if (word.Length >= MinFuzzyLength)
                    {
                        for (int skip = 0; skip < word.Length; skip++)
                        {
                            AddPosting(index, HashWord(word, skip), key);
                        }
                    }
                }
            }
        }

        _keyWords = [.. keyWords];
        _keyEntry = [.. keyEntry];
        _keyCountries = [.. keyCountries];
        _countryKeys = CountryKeys(_keyCountries);
        _keyLetters = [.. _keyWords.Select(KeyLetters)];
        int size = 16;
        while (size < index.Count * 2)
        {
            size *= 2;
        }

        _mask = size - 1;
        _hashes = new ulong[size];
        _postingStart = new int[size];
        _postingCount = new int[size];
        var postings = new List<int>();
        foreach (KeyValuePair<ulong, HashSet<int>> pair in index)
        {
            int slot = (int)pair.Key & _mask;
            while (_hashes[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _hashes[slot] = pair.Key;
            _postingStart[slot] = postings.Count;
            _postingCount[slot] = pair.Value.Count;
            postings.AddRange(pair.Value.Order());
        }

        _postings = [.. postings];
    }

    /// <summary>Gets the name of the list.</summary>
    public string Name { get; }

    /// <summary>Gets the number of parties.</summary>
    public int EntryCount => _entryNames.Length;

    /// <summary>Gets the primary name of an entry.</summary>
    /// <param name="entry">Index returned by <see cref="Match"/>.</param>
    /// <returns>The name.</returns>
    public string EntryName(int entry) => _entryNames[entry];

    /// <summary>Screens a party name.</summary>
    /// <param name="name">UTF-8 name as in the manifest.</param>
    /// <param name="country">ISO 3166-1 alpha-2 code of the party's address.</param>
    /// <returns>Index of the matching entry, or -1.</returns>
    public int Match(ReadOnlySpan<byte> name, ReadOnlySpan<byte> country)
    {
        // Most names screened are from countries with few or no entries: no entry of the country, no match.
        int countryIndex = CountrySet.IndexOf(country);
        int[] candidates = _countryKeys[countryIndex < 0 ? CountrySet.CodeCount : countryIndex];
        if (candidates.Length == 0)
        {
            return -1;
        }

        if (name.Length > MaxNameBytes)
        {
            name = name[..MaxNameBytes];
        }

        if (!AnyKeyMayMatch(candidates, Letters(name)))
        {
            return -1;
        }

        Span<byte> folded = stackalloc byte[TextFolder.MaxFoldedLength(name.Length)];
        folded = folded[..TextFolder.Fold(name, folded)];

        Span<int> starts = stackalloc int[MaxWords];
        Span<int> lengths = stackalloc int[MaxWords];
        int count = 0;
        int probe = -1;
        int start = 0;
        for (int i = 0; i <= folded.Length; i++)
        {
            if (i < folded.Length && folded[i] != (byte)' ')
            {
                continue;
            }

            if (i > start && !IsIgnored(folded[start..i]))
            {
                if (count == MaxWords)
                {
                    return -1;
                }

                starts[count] = start;
                lengths[count] = i - start;
                if (probe < 0 || lengths[count] > lengths[probe])
                {
                    probe = count;
                }

                count++;
            }

            start = i + 1;
        }

        if (count == 0)
        {
            return -1;
        }

        var query = new Query(folded, starts[..count], lengths[..count], countryIndex);
        if (candidates.Length <= DirectVerifyLimit)
        {
            return VerifyEach(candidates, query);
        }

        ReadOnlySpan<byte> word = query.Word(probe);
        int found = Lookup(Finish(Polynomial(word), word.Length), query);
        return found >= 0 || word.Length < MinFuzzyLength ? found : LookupDeletions(word, query);
    }

    /// <summary>Tells whether a folded word is left out of matching; length and first byte rule out most words without hashing.</summary>
    private bool IsIgnored(ReadOnlySpan<byte> word) =>
        word.Length <= _longestIgnored && (_ignoredFirstBytes[word.Length] & (1UL << (word[0] & 63))) != 0 && _ignore.Contains(word);

    /// <summary>The keys that apply to each country (index CodeCount: to a missing or malformed country), in key order.</summary>
    private static int[][] CountryKeys(int[][] keyCountries)
    {
        var lists = new List<int>[CountrySet.CodeCount + 1];
        for (int c = 0; c < lists.Length; c++)
        {
            lists[c] = [];
        }

        for (int key = 0; key < keyCountries.Length; key++)
        {
            if (keyCountries[key].Length == 0)
            {
                foreach (List<int> list in lists)
                {
                    list.Add(key);
                }
            }
            else
            {
                foreach (int c in keyCountries[key].Distinct())
                {
                    lists[c].Add(key);
                }
            }
        }

        return [.. lists.Select(l => l.ToArray())];
    }

    /// <summary>
    /// Verifies every key of the country in turn. Finds a match exactly when the index would: a verified key pairs the
    /// name's longest word with one of its words, equal or one edit apart, which is what the index is probed for.
    /// </summary>
    private int VerifyEach(int[] candidates, in Query query)
    {
        foreach (int key in candidates)
        {
            if (MayVerify(_keyWords[key], query) && Verify(_keyWords[key], query))
            {
                return _keyEntry[key];
            }
        }

        return -1;
    }

    /// <summary>
    /// A necessary condition for <see cref="Verify"/> on lengths and first letters only (no calls): every word of the
    /// entry needs a word of the name that could pair with it. Equal words share length and first letter; words one
    /// edit apart (the entry's of four letters or more) differ in length by at most one, and unless the edit is at the
    /// first letter they share it, while an edit there (substitution, deletion, insertion, swap) leaves
    /// q[1] == w[1], q[0] == w[1], q[1] == w[0] or q[0] == w[1] respectively.
    /// </summary>
    private static bool MayVerify(byte[][] words, in Query query)
    {
        if (words.Length != query.Count)
        {
            return false;
        }

        foreach (byte[] w in words)
        {
            bool may = false;
            for (int q = 0; q < query.Count && !may; q++)
            {
                ReadOnlySpan<byte> word = query.Word(q);
                int difference = word.Length - w.Length;
                may = w.Length < MinFuzzyLength
                    ? difference == 0 && word[0] == w[0]
                    : difference is >= -1 and <= 1
                        && (word[0] == w[0] || word[1] == w[1] || word[0] == w[1] || word[1] == w[0]);
            }

            if (!may)
            {
                return false;
            }
        }

        return true;
    }

    private static void AddPosting(Dictionary<ulong, HashSet<int>> index, ulong hash, int key)
    {
        if (!index.TryGetValue(hash, out HashSet<int>? keys))
        {
            keys = [];
            index[hash] = keys;
        }

        keys.Add(key);
    }

    private byte[][] Words(byte[] folded) =>
        System.Text.Encoding.UTF8.GetString(folded).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(System.Text.Encoding.UTF8.GetBytes).Where(w => !_ignore.Contains(w)).Take(MaxWords).ToArray();

    /// <summary>Hashes a word, or the word without the byte at <paramref name="skip"/> (which hashes like that shorter word).</summary>
    private static ulong HashWord(ReadOnlySpan<byte> word, int skip)
    {
        if (skip < 0)
        {
            return Finish(Polynomial(word), word.Length);
        }

        ulong poly = Polynomial(word[..skip]);
        foreach (byte b in word[(skip + 1)..])
        {
            poly = (poly * PolyBase) + b;
        }

        return Finish(poly, word.Length - 1);
    }

    /// <summary>The word's polynomial hash: sum of byte k times base^(length - 1 - k), wrapping.</summary>
    private static ulong Polynomial(ReadOnlySpan<byte> word)
    {
        ulong poly = 0;
        foreach (byte b in word)
        {
            poly = (poly * PolyBase) + b;
        }

        return poly;
    }

    private static ulong Finish(ulong poly, int length) => StableHash.Finish(poly + ((ulong)length * 0x9E3779B97F4A7C15UL)) | 1;

    /// <summary>
    /// Looks up every one-byte deletion of the word, each hash in constant time from prefix and suffix polynomials:
    /// without byte i the polynomial is prefix(i) * base^(n-1-i) + suffix(i+1).
    /// </summary>
    private int LookupDeletions(ReadOnlySpan<byte> word, in Query query)
    {
        Span<ulong> prefix = stackalloc ulong[word.Length + 1];
        for (int i = 0; i < word.Length; i++)
        {
            prefix[i + 1] = (prefix[i] * PolyBase) + word[i];
        }

        ulong suffix = 0;
        ulong power = 1;
        for (int i = word.Length - 1; i >= 0; i--)
        {
            int found = Lookup(Finish((prefix[i] * power) + suffix, word.Length - 1), query);
            if (found >= 0)
            {
                return found;
            }

            suffix += word[i] * power;
            power *= PolyBase;
        }

        return -1;
    }

    private int Lookup(ulong hash, in Query query)
    {
        int slot = (int)hash & _mask;
        while (_hashes[slot] != 0)
        {
            if (_hashes[slot] == hash)
            {
                int end = _postingStart[slot] + _postingCount[slot];
                for (int p = _postingStart[slot]; p < end; p++)
                {
                    int key = _postings[p];
                    if (InCountry(_keyCountries[key], query.Country) && Verify(_keyWords[key], query))
                    {
                        return _keyEntry[key];
                    }
                }

                return -1;
            }

            slot = (slot + 1) & _mask;
        }

        return -1;
    }

    private static bool InCountry(int[] countries, int country) => countries.Length == 0 || (country >= 0 && countries.Contains(country));

    /// <summary>Pairs every word of the entry with a distinct word of the name: equal words first, then one-edit ones.</summary>
    private static bool Verify(byte[][] words, in Query query)
    {
        if (words.Length != query.Count)
        {
            return false;
        }

        uint used = 0;
        uint pending = 0;
        for (int j = 0; j < words.Length; j++)
        {
            int q = Find(words[j], query, used, exact: true);
            if (q < 0)
            {
                pending |= 1u << j;
            }
            else
            {
                used |= 1u << q;
            }
        }

        for (int j = 0; pending != 0; j++, pending >>= 1)
        {
            if ((pending & 1) == 0)
            {
                continue;
            }

            int q = words[j].Length >= MinFuzzyLength ? Find(words[j], query, used, exact: false) : -1;
            if (q < 0)
            {
                return false;
            }

            used |= 1u << q;
        }

        return true;
    }

    private static int Find(ReadOnlySpan<byte> word, in Query query, uint used, bool exact)
    {
        for (int q = 0; q < query.Count; q++)
        {
            if ((used & (1u << q)) == 0 && (exact ? word.SequenceEqual(query.Word(q)) : OneEdit.Within(word, query.Word(q))))
            {
                return q;
            }
        }

        return -1;
    }

    /// <summary>The words of the name being screened, as slices of its folded form.</summary>
    private readonly ref struct Query(ReadOnlySpan<byte> folded, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int country)
    {
        public int Country { get; } = country;

        private readonly ReadOnlySpan<byte> _folded = folded;
        private readonly ReadOnlySpan<int> _starts = starts;
        private readonly ReadOnlySpan<int> _lengths = lengths;

        public int Count => _starts.Length;

        public ReadOnlySpan<byte> Word(int index) => _folded.Slice(_starts[index], _lengths[index]);
    }
}
