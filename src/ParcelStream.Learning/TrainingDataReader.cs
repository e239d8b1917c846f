using System.Runtime.InteropServices;
using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>
/// Builds the training examples of <c>model train</c> from files, in three passes over the manifests: index (creation
/// times, which manifests have a result, the random draw), norms (learned on the training days only, and on all days),
/// features (for the labelled manifests). A labelled manifest's seller and consignor history counts only the results
/// inspected before it was created, as the worker would have seen them.
/// </summary>
/// <remarks>
/// Selection bias: only inspected parcels have labels, and most were inspected because they looked risky. The engine's
/// random selection is a deterministic hash of the manifestId (<see cref="RandomSelection"/>), so the random
/// selections are known exactly; they are a uniform sample of the traffic. Each labelled example gets the inverse of
/// its inspection propensity as its weight: a random selection min(1 / rate, MaxRandomWeight), any other 1 (a risk
/// selection, inspected with probability about 1). The weighted labelled set then stands for the whole traffic
/// (Horvitz-Thompson; the cap trades a little bias for much less variance). A random draw that the risk score would
/// have selected anyway is weighted as random: without the decisions the two cannot be told apart. Weights are then
/// scaled to a mean of 1, so the norms' m-estimates count m in examples.
/// </remarks>
public static class TrainingDataReader
{
    private const long MillisPerDay = 86_400_000;
    private const int MaxStackId = 256;

    /// <summary>The inspection time of a result that gives none: it then counts from its parcel's creation.</summary>
    private const long UnknownTime = long.MinValue;

    /// <summary>Reads the files of <paramref name="options"/>.</summary>
    /// <param name="options">Files, engine options, norms options and the validation split.</param>
    /// <param name="pack">The rule pack, for its currencies (the base currency the values are converted to).</param>
    /// <param name="progress">Receives the stages' progress; may be null.</param>
    /// <returns>The examples.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, no manifest has a result, or the results are of one class only; the message says which.</exception>
    /// <exception cref="ArgumentException">The validation days leave no training day.</exception>
    public static TrainingData Read(TrainingOptions options, RulePack pack, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pack);
        options.Validate();
        Dictionary<string, InspectionReport> results = ReadResults(options.ResultPaths);

        // Pass 1: index.
        var index = new IndexPass(results, new RandomSelection(options.Engine));
        (int parcels, int bad) = ManifestFiles.ForEach(options.ManifestPaths, ref index, (done, total) => progress?.Report(new TrainingProgress(TrainingStage.Reading, done, total)));
        List<Example> examples = index.Examples;
        if (options.DecisionPaths.Count > 0)
        {
            Dictionary<string, Selection> selections = DecisionFile.ReadSelections(options.DecisionPaths);
            for (int i = 0; i < examples.Count; i++)
            {
                Selection s = selections.GetValueOrDefault(examples[i].ManifestId);
                examples[i] = examples[i] with { Random = s == Selection.Random, Explored = s == Selection.Exploration };
            }
        }

        long found = examples.Count(e => e.Found);
        if (examples.Count == 0)
        {
            throw new InvalidDataException($"No manifest of {string.Join(", ", options.ManifestPaths)} has an inspection result in {string.Join(", ", options.ResultPaths)} (results are joined by manifestId).");
        }

        if (found == 0 || found == examples.Count)
        {
            throw new InvalidDataException($"All {examples.Count} labelled manifests are {(found == 0 ? "CLEAN" : "FOUND")}: a model needs both FOUND and CLEAN results.");
        }

        int[] days = [.. index.Days.Order()];
        int validationDays = ValidationDays(options.ValidationDays, days.Length);
        int firstValidationDay = validationDays > 0 ? days[^validationDays] : days[^1] + 1;
        examples.Sort((a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Parcel.CompareTo(b.Parcel));
        RiskHistory[] history = History(examples, options.History.ConfiguredPrior());
        double randomWeight = options.Engine.RandomSelectionRate > 0 ? Math.Min(1 / options.Engine.RandomSelectionRate, options.MaxRandomWeight) : 1;
        float[] weights = Weights(examples, history, randomWeight, options);
        int[] exampleOf = new int[parcels];
        exampleOf.AsSpan().Fill(-1);
        for (int i = 0; i < examples.Count; i++)
        {
            exampleOf[examples[i].Parcel] = i;
        }

        bool validating = validationDays > 0 && examples.Any(e => e.Day < firstValidationDay);
        if (validationDays > 0 && !validating)
        {
            throw new ArgumentException($"--validation-days: no labelled manifest is left before the {validationDays} held-back day(s); hold back fewer days.");
        }

        // Pass 2: norms on the training days, and on all days.
        var norms = new NormsPass(pack, exampleOf, examples, weights, index.DayOf, firstValidationDay, options.Norms, validating);
        ManifestFiles.ForEach(options.ManifestPaths, ref norms, Report(progress, TrainingStage.Norms, parcels));
        progress?.Report(new TrainingProgress(TrainingStage.Norms, parcels, parcels));

        // Pass 3: the labelled manifests' features against each.
        bool[] labels = [.. examples.Select(e => e.Found)];
        int[] exampleDays = [.. examples.Select(e => e.Day)];
        ExampleSet? validation = validating ? new ExampleSet(norms.Training!.Build(), labels, weights, exampleDays) : null;
        var all = new ExampleSet(norms.All.Build(), labels, weights, exampleDays);
        var features = new FeaturePass(pack, exampleOf, history, validation, all);
        ManifestFiles.ForEach(options.ManifestPaths, ref features, Report(progress, TrainingStage.Features, parcels));
        progress?.Report(new TrainingProgress(TrainingStage.Features, parcels, parcels));

        DateOnly epoch = DateOnly.FromDateTime(DateTime.UnixEpoch);
        return new TrainingData
        {
            Parcels = parcels,
            BadManifests = bad,
            Labelled = examples.Count,
            Found = found,
            RandomLabelled = examples.Count(e => e.Random),
            UnmatchedResults = results.Count - index.Matched.Count,
            RandomWeight = randomWeight,
            Days = days.Length,
            ValidationDays = validating ? validationDays : 0,
            FirstDay = epoch.AddDays(days[0]),
            FirstValidationDay = epoch.AddDays(validating ? firstValidationDay : days[^1] + 1),
            Validating = validation,
            All = all,
        };
    }

    /// <summary>Gets the UTC day number of a time in milliseconds.</summary>
    /// <param name="millis">UTC milliseconds.</param>
    /// <returns>Days since 1970-01-01 (floor).</returns>
    internal static int DayOf(long millis) => (int)Math.Floor(millis / (double)MillisPerDay);

    private static Dictionary<string, InspectionReport> ReadResults(IReadOnlyList<string> paths)
    {
        var results = new Dictionary<string, InspectionReport>(StringComparer.Ordinal);
        var defaults = new InspectionDefaults("unknown", null, UnknownTime);
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} does not exist.", path);
            }

            List<InspectionReport> reports = InspectionFile.Read(path, defaults, out List<string> errors);
            if (errors.Count > 0)
            {
                throw new InvalidDataException(errors[0] + (errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty));
            }

            foreach (InspectionReport report in reports)
            {
                results[report.ManifestId] = report;
            }
        }

        return results;
    }

    private static int ValidationDays(int? requested, int days)
    {
        if (days < 2)
        {
            return 0;
        }

        int k = requested ?? Math.Max(1, (int)Math.Round(days * 0.2));
        if (k >= days)
        {
            throw new ArgumentException($"--validation-days: {k} held-back days leave none of the {days} days of history to train on.");
        }

        return k;
    }

    /// <summary>Replays the results in time order: each example gets the counts of results inspected before it was created.</summary>
    private static RiskHistory[] History(List<Example> examples, RiskPrior prior)
    {
        Example[] byInspection = [.. examples.OrderBy(e => e.InspectedAt).ThenBy(e => e.Parcel)];
        var sellers = new Dictionary<ulong, (long Found, long Inspected)>();
        var consignors = new Dictionary<ulong, (long Found, long Inspected)>();
        var sellerBaselines = new Dictionary<ulong, (long Found, long Inspected)>();
        var history = new RiskHistory[examples.Count];
        int next = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            Example e = examples[i];
            while (next < byInspection.Length && byInspection[next].InspectedAt < e.CreatedAt)
            {
                Example r = byInspection[next++];
                Count(sellers, r.Seller, r.Found);
                Count(consignors, r.Consignor, r.Found);
                if (r.Random || r.Explored)
                {
                    // The worker's seller-baseline line: results of the seller's random and explored parcels only.
                    Count(sellerBaselines, r.Seller, r.Found);
                }
            }

            (long sf, long sn) = e.Seller != 0 ? sellers.GetValueOrDefault(e.Seller) : default;
            (long cf, long cn) = e.Consignor != 0 ? consignors.GetValueOrDefault(e.Consignor) : default;
            (long bf, long bn) = e.Seller != 0 ? sellerBaselines.GetValueOrDefault(e.Seller) : default;
            history[i] = new RiskHistory(sf, sn, cf, cn, prior.Alpha, prior.Beta, bf, bn);
        }

        return history;

        static void Count(Dictionary<ulong, (long Found, long Inspected)> table, ulong key, bool found)
        {
            if (key != 0)
            {
                ref (long Found, long Inspected) counts = ref CollectionsMarshal.GetValueRefOrAddDefault(table, key, out _);
                counts = (counts.Found + (found ? 1 : 0), counts.Inspected + 1);
            }
        }
    }

    /// <summary>
    /// Inverse-propensity weights: a random selection min(1 / rate, cap); an explored parcel min(1 / p, cap) with p the
    /// exploration's probability for its seller's unbiased results at the time (rate / (1 + those)); any other 1.
    /// </summary>
    private static float[] Weights(List<Example> examples, RiskHistory[] history, double randomWeight, TrainingOptions options)
    {
        double[] raw = new double[examples.Count];
        double rate = options.Engine.ExplorationRate;
        for (int i = 0; i < raw.Length; i++)
        {
            raw[i] = examples[i].Random ? randomWeight
                : examples[i].Explored && rate > 0 ? Math.Min(1 / Exploration.Probability(rate, history[i]), options.MaxRandomWeight)
                : 1;
        }

        double scale = examples.Count / raw.Sum();
        return [.. raw.Select(w => (float)(w * scale))];
    }

    private static Action<long, long>? Report(IProgress<TrainingProgress>? progress, TrainingStage stage, int parcels) =>
        progress is null ? null : (done, total) => progress.Report(new TrainingProgress(stage, (long)((double)done / Math.Max(1, total) * parcels), parcels));

    /// <summary>A labelled manifest as pass 1 saw it.</summary>
    private readonly record struct Example(int Parcel, string ManifestId, long CreatedAt, int Day, long InspectedAt, bool Found, bool Random, ulong Seller, ulong Consignor, bool Explored = false);

    /// <summary>Pass 1: creation days, and the labelled manifests.</summary>
    private struct IndexPass(Dictionary<string, InspectionReport> results, RandomSelection selection) : IManifestVisitor
    {
        private readonly Dictionary<string, InspectionReport>.AlternateLookup<ReadOnlySpan<char>> _lookup = results.GetAlternateLookup<ReadOnlySpan<char>>();

        public List<Example> Examples { get; } = [];

        public HashSet<int> Days { get; } = [];

        public List<int> DayOf { get; } = [];

        public HashSet<string> Matched { get; } = new(StringComparer.Ordinal);

        public readonly void Visit(ManifestView manifest, int parcel)
        {
            int day = TrainingDataReader.DayOf(manifest.CreatedAtMillis);
            while (DayOf.Count < parcel)
            {
                DayOf.Add(int.MinValue);
            }

            DayOf.Add(day);
            Days.Add(day);
            ReadOnlySpan<byte> id = manifest.ManifestId;
            Span<char> chars = stackalloc char[MaxStackId];
            bool hit;
            InspectionReport? report;
            if (Encoding.UTF8.GetMaxCharCount(id.Length) <= MaxStackId || Encoding.UTF8.GetCharCount(id) <= MaxStackId)
            {
                int n = Encoding.UTF8.GetChars(id, chars);
                hit = _lookup.TryGetValue(chars[..n], out report);
            }
            else
            {
                hit = results.TryGetValue(Encoding.UTF8.GetString(id), out report);
            }

            if (!hit)
            {
                return;
            }

            Matched.Add(report!.ManifestId);
            long inspectedAt = report.InspectedAtMillis == UnknownTime ? manifest.CreatedAtMillis : report.InspectedAtMillis;
            Examples.Add(new Example(
                parcel,
                report.ManifestId,
                manifest.CreatedAtMillis,
                day,
                inspectedAt,
                report.Result == InspectionOutcome.Found,
                selection.IsSelected(id),
                PartyKeys.Seller(manifest.GetString(ManifestField.SellerId)),
                PartyKeys.Consignor(manifest)));
        }
    }

    /// <summary>Pass 2: the norms of the training days and of all days.</summary>
    private readonly struct NormsPass : IManifestVisitor
    {
        private readonly RulePack _pack;
        private readonly int[] _exampleOf;
        private readonly List<Example> _examples;
        private readonly float[] _weights;
        private readonly List<int> _dayOf;
        private readonly int _firstValidationDay;

        public NormsPass(RulePack pack, int[] exampleOf, List<Example> examples, float[] weights, List<int> dayOf, int firstValidationDay, FeatureNormsOptions options, bool validating)
        {
            _pack = pack;
            _exampleOf = exampleOf;
            _examples = examples;
            _weights = weights;
            _dayOf = dayOf;
            _firstValidationDay = firstValidationDay;
            All = new FeatureNormsBuilder(options);
            Training = validating ? new FeatureNormsBuilder(options) : null;
        }

        public FeatureNormsBuilder All { get; }

        public FeatureNormsBuilder? Training { get; }

        public void Visit(ManifestView manifest, int parcel)
        {
            double toBase = _pack.MinorToBase(manifest.Currency);
            int example = _exampleOf[parcel];
            bool? found = example >= 0 ? _examples[example].Found : null;
            float weight = example >= 0 ? _weights[example] : 0;
            All.Add(manifest, toBase, found, weight);
            if (Training is not null && _dayOf[parcel] < _firstValidationDay)
            {
                Training.Add(manifest, toBase, found, weight);
            }
        }
    }

    /// <summary>Pass 3: the labelled manifests' features.</summary>
    private readonly struct FeaturePass(RulePack pack, int[] exampleOf, RiskHistory[] history, ExampleSet? validation, ExampleSet all) : IManifestVisitor
    {
        public void Visit(ManifestView manifest, int parcel)
        {
            int example = exampleOf[parcel];
            if (example < 0)
            {
                return;
            }

            pack.ComputeModelFeatures(manifest, history[example], all.Norms, all.Row(example));
            if (validation is not null)
            {
                pack.ComputeModelFeatures(manifest, history[example], validation.Norms, validation.Row(example));
            }
        }
    }
}
