using System.Numerics;
using System.Runtime.CompilerServices;

namespace ParcelStream.DevTools.Generation;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same seed gives the same sequence on every runtime and platform, which
/// <see cref="Random"/> does not promise across .NET versions.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An int in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);
    }

    /// <summary>An int in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>A long in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    public long Between(long min, long max) => min + (long)(NextUInt64() % (ulong)(max - min + 1));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    /// <summary>A standard normal variate (Box-Muller; one of the pair is dropped, to keep no state).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>
    /// A log-normal draw centred on the geometric mean of [<paramref name="min"/>, <paramref name="max"/>] with the range
    /// spanning four standard deviations (about 95 % of draws inside it); the rest are clamped to the range.
    /// </summary>
    public double LogNormalWithin(double min, double max)
    {
        double mu = 0.5 * (Math.Log(min) + Math.Log(max));
        double sigma = (Math.Log(max) - Math.Log(min)) / 4.0;
        return Math.Clamp(Math.Exp(mu + (sigma * NextGaussian())), min, max);
    }

    /// <summary>A random digit character.</summary>
    public char Digit() => (char)('0' + Next(10));

    /// <summary>A random capital letter.</summary>
    public char Letter() => (char)('A' + Next(26));

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
