using System.Runtime.InteropServices;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>
/// Learns a model's <see cref="FeatureNorms"/> in one pass over the history, with the key functions the features are
/// computed with (<see cref="RiskFeatures"/>): per HS6 the median line value per kg, value per unit and net weight per
/// unit (over a deterministic reservoir of at most <see cref="FeatureNormsOptions.ReservoirSize"/> lines); the HS
/// chapters each description word appeared under (the most frequent words only); and, from labelled parcels with their
/// weights, FOUND rates of routes, operators, main-line HS6 and words, smoothed towards the base rate with an m-estimate.
/// Memory is bounded by the number of HS6 codes, routes and operators and by <see cref="FeatureNormsOptions.MaxTrackedWords"/>.
/// Not thread-safe.
/// </summary>
public sealed class FeatureNormsBuilder
{
    private const int MaxChapter = 97;

    private readonly FeatureNormsOptions _options;
    private readonly Dictionary<int, HsStats> _hs = [];
    private readonly Dictionary<int, RateStats> _routes = [];
    private readonly Dictionary<ulong, RateStats> _operators = [];
    private readonly Dictionary<ulong, WordStats> _words = [];
    private readonly HashSet<ulong> _parcelWords = [];
    private double _weight;
    private double _foundWeight;

    /// <summary>Initializes an empty builder.</summary>
    /// <param name="options">Table sizes and smoothing; defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public FeatureNormsBuilder(FeatureNormsOptions? options = null)
    {
        _options = options ?? new FeatureNormsOptions();
        _options.Validate();
    }

    /// <summary>Gets the number of parcels added.</summary>
    public long Parcels { get; private set; }

    /// <summary>Gets the number of labelled parcels added.</summary>
    public long Labelled { get; private set; }

    /// <summary>Adds one parcel of the history.</summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="toBase">What a minor unit of its currency is worth in the pack's base currency (NaN: unknown; its values are then not sampled).</param>
    /// <param name="found">Its inspection result (true FOUND, false CLEAN), or null when it was not inspected.</param>
    /// <param name="weight">The labelled parcel's weight (inverse propensity); ignored when <paramref name="found"/> is null.</param>
    public void Add(ManifestView manifest, double toBase, bool? found = null, double weight = 1)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        Parcels++;
        bool labelled = found.HasValue && weight > 0;
        _parcelWords.Clear();
        var collector = new WordCollector(this, labelled);
        for (int i = 0; i < manifest.ItemCount; i++)
        {
            int hs6 = RiskFeatures.Hs6(manifest.GetItemString(i, ItemField.HsCode));
            if (hs6 >= 0)
            {
                SampleLine(manifest, i, hs6, toBase);
            }

            int chapter = hs6 / 10000;
            collector.Chapter = chapter is > 0 and <= MaxChapter ? chapter : 0;
            RiskFeatures.Words(manifest.GetItemString(i, ItemField.Description), ref collector);
        }

        if (_words.Count > _options.MaxTrackedWords)
        {
            ForgetRareWords();
        }

        if (!labelled)
        {
            return;
        }

        Labelled++;
        double w = weight;
        double f = found!.Value ? weight : 0;
        _weight += w;
        _foundWeight += f;
        int route = RiskFeatures.RouteKey(manifest.DepartureCountry, manifest.DestinationCountry);
        if (route >= 0)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_routes, route, out _).Add(w, f);
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_operators, RiskFeatures.OperatorKey(manifest.GetString(ManifestField.OperatorCode)), out _).Add(w, f);
        int main = RiskFeatures.MainLine(manifest);
        int mainHs6 = main >= 0 ? RiskFeatures.Hs6(manifest.GetItemString(main, ItemField.HsCode)) : -1;
        if (mainHs6 >= 0)
        {
            HsOf(mainHs6).Rate.Add(w, f);
        }

        foreach (ulong word in _parcelWords)
        {
            ref WordStats stats = ref CollectionsMarshal.GetValueRefOrNullRef(_words, word);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref stats))
            {
                stats.Inspected++;
                stats.Rate.Add(w, f);
            }
        }
    }

    /// <summary>Builds the tables from what was added.</summary>
    /// <returns>The norms; rates are absent (missing features) when no parcel was labelled.</returns>
    public FeatureNorms Build()
    {
        double baseRate = _weight > 0 ? _foundWeight / _weight : 0;
        var hs = new Dictionary<int, HsNorm>();
        foreach ((int code, HsStats stats) in _hs)
        {
            float perKg = stats.PerKg.Median(_options.MinHsSamples);
            float perUnit = stats.PerUnit.Median(_options.MinHsSamples);
            float weightPerUnit = stats.WeightPerUnit.Median(_options.MinHsSamples);
            float rate = Rate(stats.Rate, baseRate);
            if (perKg > 0 || perUnit > 0 || weightPerUnit > 0 || rate >= 0)
            {
                hs[code] = new HsNorm(perKg, perUnit, weightPerUnit, rate);
            }
        }

        var routes = _routes.Where(p => p.Value.Weight > 0).ToDictionary(p => p.Key, p => Rate(p.Value, baseRate));
        var operators = _operators.Where(p => p.Value.Weight > 0).ToDictionary(p => p.Key, p => Rate(p.Value, baseRate));
        var words = _words
            .Where(p => p.Value.Count >= _options.MinWordCount)
            .OrderByDescending(p => p.Value.Count)
            .ThenBy(p => p.Key)
            .Take(_options.MaxWords)
            .ToDictionary(
                p => p.Key,
                p => new WordNorm(p.Value.ChaptersLow, p.Value.ChaptersHigh, p.Value.Inspected >= _options.MinWordInspections ? Rate(p.Value.Rate, baseRate) : RiskFeatures.Missing));
        return new FeatureNorms(baseRate, hs, routes, operators, words);
    }

    private static ulong Mix(ulong x)
    {
        // SplitMix64's finalizer: a well-spread deterministic draw.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private float Rate(RateStats stats, double baseRate) =>
        stats.Weight > 0 ? (float)((stats.FoundWeight + (_options.Smoothing * baseRate)) / (stats.Weight + _options.Smoothing)) : RiskFeatures.Missing;

    private void SampleLine(ManifestView manifest, int line, int hs6, double toBase)
    {
        HsStats stats = HsOf(hs6);
        long units = Math.Max(1, manifest.GetItemInt64(line, ItemField.Quantity));
        double lineKg = manifest.GetItemInt64(line, ItemField.NetWeightGrams) / 1000.0;
        double value = manifest.GetItemInt64(line, ItemField.ValueMinor) * toBase;
        ulong key = _options.Seed ^ ((ulong)hs6 * 0x100000001B3UL);
        if (double.IsFinite(value) && value >= 0)
        {
            if (lineKg > 0)
            {
                stats.PerKg.Add(value / lineKg, key, _options.ReservoirSize);
            }

            stats.PerUnit.Add(value / units, key + 1, _options.ReservoirSize);
        }

        if (lineKg > 0)
        {
            stats.WeightPerUnit.Add(lineKg / units, key + 2, _options.ReservoirSize);
        }
    }

    private HsStats HsOf(int hs6)
    {
        ref HsStats? stats = ref CollectionsMarshal.GetValueRefOrAddDefault(_hs, hs6, out _);
        return stats ??= new HsStats();
    }

    private void CountWord(ulong word, int chapter, bool labelled)
    {
        ref WordStats stats = ref CollectionsMarshal.GetValueRefOrAddDefault(_words, word, out _);
        stats.Count++;
        if (chapter > 0)
        {
            if (chapter < 64)
            {
                stats.ChaptersLow |= 1UL << chapter;
            }
            else
            {
                stats.ChaptersHigh |= 1UL << (chapter - 64);
            }
        }

        if (labelled)
        {
            _parcelWords.Add(word);
        }
    }

    /// <summary>Drops the rarest words until half the tracked maximum is left (lossy counting: the frequent survive).</summary>
    private void ForgetRareWords()
    {
        long below = 1;
        var drop = new List<ulong>();
        while (_words.Count > _options.MaxTrackedWords / 2)
        {
            drop.Clear();
            foreach ((ulong word, WordStats stats) in _words)
            {
                if (stats.Count <= below)
                {
                    drop.Add(word);
                }
            }

            foreach (ulong word in drop)
            {
                _words.Remove(word);
            }

            below++;
        }
    }

    /// <summary>Weighted inspections and FOUND results.</summary>
    private struct RateStats
    {
        public double Weight;
        public double FoundWeight;

        public void Add(double weight, double found)
        {
            Weight += weight;
            FoundWeight += found;
        }
    }

    /// <summary>What is counted of one description word.</summary>
    private struct WordStats
    {
        public long Count;
        public ulong ChaptersLow;
        public ulong ChaptersHigh;
        public long Inspected;
        public RateStats Rate;
    }

    /// <summary>The line samples and inspections of one HS6.</summary>
    private sealed class HsStats
    {
        public Reservoir PerKg { get; } = new();

        public Reservoir PerUnit { get; } = new();

        public Reservoir WeightPerUnit { get; } = new();

        public RateStats Rate;
    }

    /// <summary>A uniform sample of at most a fixed number of values (Algorithm R), drawn deterministically.</summary>
    private sealed class Reservoir
    {
        private readonly List<float> _values = [];
        private long _seen;

        public void Add(double value, ulong key, int capacity)
        {
            _seen++;
            if (_values.Count < capacity)
            {
                _values.Add((float)value);
                return;
            }

            ulong slot = Mix(key ^ ((ulong)_seen * 0xD6E8FEB86659FD93UL)) % (ulong)_seen;
            if (slot < (ulong)capacity)
            {
                _values[(int)slot] = (float)value;
            }
        }

        public float Median(int minSamples)
        {
            if (_values.Count < minSamples)
            {
                return 0;
            }

            float[] sorted = [.. _values];
            Array.Sort(sorted);
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }

    /// <summary>Counts each word of a line under its chapter.</summary>
    private struct WordCollector(FeatureNormsBuilder builder, bool labelled) : IWordVisitor
    {
        public int Chapter;

        public readonly void Visit(ulong word) => builder.CountWord(word, Chapter, labelled);
    }
}
