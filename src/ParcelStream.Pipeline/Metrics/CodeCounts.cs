using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace ParcelStream.Pipeline.Metrics;

/// <summary>
/// How often each code of a bounded set (dead-letter error codes) occurred. Counting allocates only the first time a
/// code is seen; callers must pass codes from a fixed set (enum names, constants), never data from a message.
/// </summary>
public sealed class CodeCounts
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one occurrence of a code.</summary>
    /// <param name="code">The code.</param>
    public void Add(string code) => Interlocked.Increment(ref _counts.GetOrAdd(code, static _ => new StrongBox<long>()).Value);

    /// <summary>Gets a snapshot of every code seen and its count, ordered by code.</summary>
    /// <returns>The counts.</returns>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. _counts.Select(kv => new KeyValuePair<string, long>(kv.Key, Volatile.Read(ref kv.Value.Value))).OrderBy(kv => kv.Key, StringComparer.Ordinal)];
}
