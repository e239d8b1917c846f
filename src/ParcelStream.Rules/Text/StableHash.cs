using System.Runtime.CompilerServices;

namespace ParcelStream.Rules.Text;

/// <summary>
/// A 64-bit hash that is the same in every process and on every platform (FNV-1a, finished with the SplitMix64
/// mixer): used for lookups and for the deterministic random selection, never string.GetHashCode.
/// </summary>
internal static class StableHash
{
    /// <summary>The FNV-1a offset basis.</summary>
    public const ulong Start = 14695981039346656037UL;

    private const ulong Prime = 1099511628211UL;

    /// <summary>Adds one byte.</summary>
    /// <param name="hash">The running hash.</param>
    /// <param name="value">The byte.</param>
    /// <returns>The new running hash.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, byte value) => (hash ^ value) * Prime;

    /// <summary>Adds bytes.</summary>
    /// <param name="hash">The running hash.</param>
    /// <param name="values">The bytes.</param>
    /// <returns>The new running hash.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, ReadOnlySpan<byte> values)
    {
        foreach (byte b in values)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    /// <summary>Mixes the running hash so that every input bit affects every output bit (SplitMix64 finalizer).</summary>
    /// <param name="hash">The running hash.</param>
    /// <returns>The final hash.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finish(ulong hash)
    {
        hash ^= hash >> 30;
        hash *= 0xBF58476D1CE4E5B9UL;
        hash ^= hash >> 27;
        hash *= 0x94D049BB133111EBUL;
        hash ^= hash >> 31;
        return hash;
    }
}
