namespace ParcelStream.Backtest.Analysis;

/// <summary>Everything a replay found: the same history and packs always give the same result (apart from <see cref="Elapsed"/>).</summary>
public sealed class ReplayResult
{
    /// <summary>Gets the file name of the history replayed.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the size of the history file in bytes.</summary>
    public long FileBytes { get; init; }

    /// <summary>Gets the number of records the file's blocks hold.</summary>
    public long Records { get; init; }

    /// <summary>Gets the number of manifests decoded and decided.</summary>
    public long Decided { get; init; }

    /// <summary>Gets the number of records that could not be decoded (and so were not decided).</summary>
    public long Undecodable { get; init; }

    /// <summary>Gets the number of container blocks.</summary>
    public long Blocks { get; init; }

    /// <summary>Gets the first problems found, in file order.</summary>
    public IReadOnlyList<ReplayIssue> Issues { get; init; } = [];

    /// <summary>Gets each pack's result: the baseline first.</summary>
    public required IReadOnlyList<PackResult> Packs { get; init; }

    /// <summary>Gets the comparison of the two packs, or null when only one was replayed.</summary>
    public ComparisonResult? Comparison { get; init; }

    /// <summary>Gets the number of inspection results given, or 0 when none.</summary>
    public long InspectionResultsGiven { get; init; }

    /// <summary>Gets how many manifests the generator's ground truth names (0: none given).</summary>
    public long PlantedKindsGiven { get; init; }

    /// <summary>Gets how many manifests of the history have a known inspection result.</summary>
    public long InspectionResultsMatched { get; init; }

    /// <summary>Gets the inspection rate the packs' expected hit rates are compared at.</summary>
    public double ComparisonRate { get; init; }

    /// <summary>Gets a value indicating whether <see cref="ComparisonRate"/> was given (rather than the baseline's own INSPECT share).</summary>
    public bool ComparisonRateGiven { get; init; }

    /// <summary>Gets the inspection capacity as a share of parcels, or null.</summary>
    public double? Capacity { get; init; }

    /// <summary>Gets the history in about fifty stretches, in file order.</summary>
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];

    /// <summary>Gets a value indicating whether the split-shipment and duplicate checks ran (replay --stateful).</summary>
    public bool Stateful { get; init; }

    /// <summary>Gets a value indicating whether the replay was stopped before the end of the file.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Gets the number of worker threads used.</summary>
    public int Threads { get; init; }

    /// <summary>Gets how long the replay took (the only figure that differs between runs).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Gets a value indicating whether inspection results were given.</summary>
    public bool HasInspectionResults => InspectionResultsGiven > 0;

    /// <summary>Gets the manifests decided per second.</summary>
    public double ManifestsPerSecond => Elapsed > TimeSpan.Zero ? Decided / Elapsed.TotalSeconds : 0;
}
