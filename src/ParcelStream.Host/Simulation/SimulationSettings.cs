using System.Globalization;

namespace ParcelStream.Host.Simulation;

/// <summary>What <c>parcelstream simulate</c> was asked for.</summary>
/// <param name="Days">Simulated days.</param>
/// <param name="ParcelsPerDay">Parcels a day.</param>
/// <param name="Capacity">Share of parcels the offices can inspect.</param>
/// <param name="RandomRate">Share selected at random (the unbiased baseline).</param>
/// <param name="ExplorationRate">The engine's exploration rate with an active model (ParcelStream:Rules:ExplorationRate).</param>
/// <param name="WarmUpDays">Days the report leaves out of its overall figures.</param>
/// <param name="Learning">Whether a model is trained in the loop (false: the rules alone).</param>
/// <param name="FirstTrainingDay">The first day whose decisions a trained model makes (earlier days: the rules alone).</param>
/// <param name="RetrainEveryDays">Days between retrainings.</param>
/// <param name="TrainingWindowDays">Most recent days a retraining reads (0: all).</param>
/// <param name="Trees">Trees of each model.</param>
/// <param name="Leaves">Leaves per tree.</param>
/// <param name="Seed">Seed of the world.</param>
/// <param name="Rules">Rule pack directory (null: rules/default).</param>
/// <param name="Output">Directory of report.json, report.html and the simulation's files.</param>
/// <param name="Partitions">Partitions of the manifests topic.</param>
internal sealed record SimulationSettings(
    int Days,
    int ParcelsPerDay,
    double Capacity,
    double RandomRate,
    double ExplorationRate,
    int WarmUpDays,
    bool Learning,
    int FirstTrainingDay,
    int RetrainEveryDays,
    int TrainingWindowDays,
    int Trees,
    int Leaves,
    ulong Seed,
    string? Rules,
    string Output,
    int Partitions)
{
    /// <summary>Checks the settings.</summary>
    /// <returns>A message naming the option at fault, or null.</returns>
    public string? Validate() =>
        Days is < 1 or > 366 ? "--days must be 1 to 366"
        : ParcelsPerDay is < 100 or > 2_000_000 ? "--parcels-per-day must be 100 to 2,000,000"
        : Capacity is <= 0 or > 0.5 ? "--capacity must be above 0 and at most 0.5"
        : RandomRate is < 0 or > 0.1 ? "--random-rate must be 0 to 0.1"
        : ExplorationRate is < 0 or > 0.1 ? "--exploration-rate must be 0 to 0.1"
        : WarmUpDays < 0 || WarmUpDays >= Days ? "--warm-up must be 0 or more and fewer than --days"
        : FirstTrainingDay is < 2 ? "--first-training-day must be 2 or more (a day's results come in the day after)"
        : RetrainEveryDays < 1 ? "--retrain-every must be 1 or more"
        : TrainingWindowDays < 0 ? "--training-window must be 0 (all days) or more"
        : Trees is < 1 or > 2_000 ? "--trees must be 1 to 2,000"
        : Leaves is < 2 or > 1_024 ? "--leaves must be 2 to 1,024"
        : Partitions is < 1 or > 64 ? "--partitions must be 1 to 64"
        : string.IsNullOrWhiteSpace(Output) ? "--out must name a directory"
        : null;

    /// <summary>
    /// Gets the capacity estimator's half-life in parcels, scaled to the simulated volume: a real partition sees a
    /// destination's parcels by the thousand an hour (the default 2,000 is minutes), a simulated one a few hundred a day,
    /// and the cut-off must follow a new model's scores within a day, not within a week.
    /// </summary>
    public int CapacityHalfLife => Math.Max(20, ParcelsPerDay / (Partitions * 40));

    /// <summary>Gets a one-line description for the console.</summary>
    /// <returns>The line.</returns>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Days} days x {ParcelsPerDay:N0} parcels, capacity {Capacity:P1}, random {RandomRate:P2}, exploration {ExplorationRate:P2}, learning {(Learning ? $"on (from day {FirstTrainingDay}, every {RetrainEveryDays} day(s), {Trees} trees of {Leaves} leaves)" : "off")}, seed {Seed}");
}
