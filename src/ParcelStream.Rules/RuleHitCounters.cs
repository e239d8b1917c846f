using System.Diagnostics.CodeAnalysis;

namespace ParcelStream.Rules;

/// <summary>
/// How often each rule of a pack hit: one row of counters per evaluating thread (per lane in the worker), summed when
/// read. The per-manifest path increments a row no other thread writes, so it takes no interlocked operation and
/// shares no cache line with the other lanes.
/// </summary>
/// <param name="rules">The number of rules.</param>
[SuppressMessage("Design", "CA1001", Justification = "A pack is dropped, not disposed, when the next one loads; ThreadLocal frees its slot in its finalizer.")]
internal sealed class RuleHitCounters(int rules)
{
    // trackAllValues: the rows of threads that ended are still summed, so a total never goes down.
    private readonly ThreadLocal<long[]> _rows = new(() => new long[rules], trackAllValues: true);

    /// <summary>Gets the calling thread's row, indexed by rule (made on the thread's first hit of this pack).</summary>
    public long[] Row => _rows.Value!;

    /// <summary>Sums the rows (for metrics and reports; allocates).</summary>
    /// <returns>The hits of each rule, in evaluation order.</returns>
    public long[] Sum()
    {
        long[] sum = new long[rules];
        foreach (long[] row in _rows.Values)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                // Written without a fence by the row's own thread: read whole (64-bit), never torn.
                sum[i] += Volatile.Read(ref row[i]);
            }
        }

        return sum;
    }
}
