using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Capacity;

/// <summary>
/// Matches risk-selected INSPECTs to inspection capacity. Each input partition has its own estimators (one per
/// configured destination and one for the rest), so lanes share nothing but the optional hourly ceiling; a partition
/// not known (-1) has one too. Allocates only the first time a partition and destination is seen.
/// </summary>
internal sealed class CapacitySelector
{
    /// <summary>The most destinations with their own share.</summary>
    public const int MaxDestinations = 64;

    private int _generation;

    private static readonly byte[] s_tieSalt = "parcelstream.capacity.rank"u8.ToArray();

    private readonly ushort[] _codes;
    private readonly double[] _shares;
    private readonly string[] _names;
    private readonly HourCeiling[] _ceilings;
    private readonly int _maxPerHour;
    private readonly int _halfLife;
    private readonly double _initialCutoff;
    private readonly ulong _tieSeed;
    private readonly Lock _grow = new();
    private CapacityEstimator?[]?[] _partitions = new CapacityEstimator?[]?[16];

    /// <summary>Initializes a new selector.</summary>
    /// <param name="options">Validated capacity options.</param>
    /// <param name="inspectThreshold">The inspect threshold, whose rank position is the cut-off until the first estimate.</param>
    public CapacitySelector(CapacityOptions options, double inspectThreshold)
    {
        ArgumentNullException.ThrowIfNull(options);
        int count = options.PerDestination.Count;
        _codes = new ushort[count];
        _shares = new double[count + 1];
        _names = new string[count + 1];
        _ceilings = new HourCeiling[count + 1];
        int i = 0;
        foreach ((string destination, double share) in options.PerDestination.OrderBy(d => d.Key, StringComparer.OrdinalIgnoreCase))
        {
            _names[i] = destination.ToUpperInvariant();
            _codes[i] = Code((byte)_names[i][0], (byte)_names[i][1]);
            _shares[i] = share;
            i++;
        }

        _names[count] = "other";
        _shares[count] = options.Share;
        for (int c = 0; c < _ceilings.Length; c++)
        {
            _ceilings[c] = new HourCeiling();
        }

        _maxPerHour = options.MaxPerHour;
        _halfLife = options.HalfLife;
        double threshold = Math.Clamp(inspectThreshold, 1e-12, 1 - 1e-12);
        _initialCutoff = Math.Log(threshold / (1 - threshold));
        _tieSeed = StableHash.Add(StableHash.Start, s_tieSalt);
    }

    /// <summary>Gets the share of destinations without their own.</summary>
    public double DefaultShare => _shares[^1];

    /// <summary>Gets the destinations with their own estimators, the last being "other".</summary>
    public IReadOnlyList<string> Destinations => _names;

    /// <summary>Gets the tie-break of a manifest: its manifestId hashed to [0, 1), independent of the random selection's draw.</summary>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    /// <returns>The fraction.</returns>
    public double TieBreak(ReadOnlySpan<byte> manifestId) => EngineSettings.Draw(_tieSeed, manifestId);

    /// <summary>Gets the index of a destination's estimator (the last for destinations without their own share).</summary>
    /// <param name="destination">UTF-8 destination country.</param>
    /// <returns>The index.</returns>
    public int DestinationIndex(ReadOnlySpan<byte> destination)
    {
        if (destination.Length == 2)
        {
            ushort code = Code(destination[0], destination[1]);
            for (int i = 0; i < _codes.Length; i++)
            {
                if (_codes[i] == code)
                {
                    return i;
                }
            }
        }

        return _codes.Length;
    }

    /// <summary>Gets the estimator of a partition and destination.</summary>
    /// <param name="partition">The input partition (-1: not known).</param>
    /// <param name="destination">The destination's index.</param>
    /// <returns>The estimator.</returns>
    public CapacityEstimator Estimator(int partition, int destination)
    {
        int row = partition < 0 ? 0 : partition + 1;
        CapacityEstimator?[]?[] partitions = Volatile.Read(ref _partitions);
        CapacityEstimator estimator = (row < partitions.Length ? partitions[row]?[destination] : null) ?? Create(row, destination);
        int generation = Volatile.Read(ref _generation);
        if (estimator.Generation != generation)
        {
            estimator.Restart(generation);
        }

        return estimator;
    }

    /// <summary>
    /// Makes every estimator forget its score distribution the next time its partition's lane asks for it: called when
    /// the learned model changes, because the new model's scores are on their own scale.
    /// </summary>
    public void Restart() => Interlocked.Increment(ref _generation);

    /// <summary>Gets the cut-off for a parcel: the estimator's, or +infinity when the destination's hourly ceiling is reached.</summary>
    /// <param name="estimator">The partition's and destination's estimator.</param>
    /// <param name="destination">The destination's index.</param>
    /// <param name="createdAtMillis">The manifest's creation time.</param>
    /// <returns>The cut-off.</returns>
    public double Cutoff(CapacityEstimator estimator, int destination, long createdAtMillis) =>
        _maxPerHour > 0 && _ceilings[destination].IsFull(Hour(createdAtMillis), _maxPerHour) ? double.PositiveInfinity : estimator.Cutoff;

    /// <summary>Counts an INSPECT against the destination's hourly ceiling.</summary>
    /// <param name="destination">The destination's index.</param>
    /// <param name="createdAtMillis">The manifest's creation time.</param>
    public void CountInspection(int destination, long createdAtMillis)
    {
        if (_maxPerHour > 0)
        {
            _ceilings[destination].Add(Hour(createdAtMillis));
        }
    }

    /// <summary>Gets the capacity state per destination, summed over partitions (for metrics and readiness; allocates).</summary>
    /// <returns>One status per configured destination and one for the others, decided or not.</returns>
    public IReadOnlyList<CapacityStatus> GetStatus()
    {
        CapacityEstimator?[]?[] partitions = Volatile.Read(ref _partitions);
        var result = new List<CapacityStatus>(_names.Length);
        for (int d = 0; d < _names.Length; d++)
        {
            long decided = 0, inspected = 0, forced = 0, random = 0;
            double used = 0, forcedShare = 0, cutoff = 0;
            int seen = 0;
            foreach (CapacityEstimator?[]? row in partitions)
            {
                if (row?[d] is not { } e || e.Decided == 0)
                {
                    continue;
                }

                decided += e.Decided;
                inspected += e.Inspected;
                forced += e.Forced;
                random += e.Random;
                used += e.RecentInspectShare;
                forcedShare += e.RecentForcedShare;
                cutoff = seen == 0 ? e.Cutoff : Math.Min(cutoff, e.Cutoff);
                seen++;
            }

            result.Add(new CapacityStatus(_names[d], _shares[d], decided, inspected, forced, random, seen == 0 ? 0 : used / seen, seen == 0 ? 0 : forcedShare / seen, seen == 0 ? double.NaN : cutoff));
        }

        return result;
    }

    private static long Hour(long createdAtMillis) => createdAtMillis / 3_600_000;

    private static ushort Code(byte first, byte second) => (ushort)(((first & ~0x20) << 8) | (second & ~0x20));

    private CapacityEstimator Create(int row, int destination)
    {
        lock (_grow)
        {
            CapacityEstimator?[]?[] partitions = _partitions;
            if (row >= partitions.Length)
            {
                Array.Resize(ref partitions, Math.Max(row + 1, partitions.Length * 2));
            }

            CapacityEstimator?[] estimators = partitions[row] ??= new CapacityEstimator?[_names.Length];
            CapacityEstimator estimator = estimators[destination] ??= new CapacityEstimator(_shares[destination], _halfLife, _initialCutoff);
            Volatile.Write(ref _partitions, partitions);
            return estimator;
        }
    }

    /// <summary>INSPECTs of one destination in the current hour, shared by the lanes (touched per INSPECT, read per parcel).</summary>
    private sealed class HourCeiling
    {
        private long _hourAndCount;

        public bool IsFull(long hour, int max)
        {
            long value = Volatile.Read(ref _hourAndCount);
            return value >> 32 == hour && (int)(value & 0xFFFFFFFF) >= max;
        }

        public void Add(long hour)
        {
            while (true)
            {
                long value = Volatile.Read(ref _hourAndCount);
                long current = value >> 32;
                if (current > hour)
                {
                    return; // a late manifest of an hour already over: that hour no longer limits anything
                }

                long next = current == hour ? value + 1 : (hour << 32) | 1;
                if (Interlocked.CompareExchange(ref _hourAndCount, next, value) == value)
                {
                    return;
                }
            }
        }
    }
}
