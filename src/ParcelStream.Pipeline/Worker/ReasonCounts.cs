using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;

namespace ParcelStream.Pipeline.Worker;

/// <summary>
/// How often each reason code was given. Codes arrive as UTF-8 bytes; they are found by a 64-bit hash, so counting
/// allocates only the first time a code is seen (the set of codes is bounded by the rule pack).
/// </summary>
public sealed class ReasonCounts
{
    private readonly ConcurrentDictionary<ulong, Entry> _entries = new();

    /// <summary>Gets a snapshot of every code and its count, most frequent first.</summary>
    /// <returns>The counts.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. _entries.Values.Select(e => new KeyValuePair<string, long>(e.Code, Volatile.Read(ref e.Count))).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)];

    /// <summary>Counts one occurrence of a code.</summary>
    /// <param name="code">UTF-8 reason code.</param>
    public void Add(ReadOnlySpan<byte> code)
    {
        ulong key = XxHash3.HashToUInt64(code);
        if (!_entries.TryGetValue(key, out Entry? entry))
        {
            entry = _entries.GetOrAdd(key, new Entry(Encoding.UTF8.GetString(code)));
        }

        Interlocked.Increment(ref entry.Count);
    }

    private sealed class Entry(string code)
    {
        public readonly string Code = code;
        public long Count;
    }
}
