namespace ParcelStream.Learning;

/// <summary>
/// What <see cref="TrainingDataReader"/> made of the history: counts for the report, and the labelled examples twice,
/// with features against norms learned on the training days only (for validation) and on all days (for the artifact).
/// </summary>
public sealed class TrainingData
{
    /// <summary>Gets the manifests read (datums, including those that did not decode).</summary>
    public long Parcels { get; init; }

    /// <summary>Gets the datums that did not decode (skipped).</summary>
    public long BadManifests { get; init; }

    /// <summary>Gets the manifests with an inspection result.</summary>
    public long Labelled { get; init; }

    /// <summary>Gets the labelled manifests found non-compliant.</summary>
    public long Found { get; init; }

    /// <summary>Gets the labelled manifests the engine's random draw selects (weighted by inverse propensity).</summary>
    public long RandomLabelled { get; init; }

    /// <summary>Gets the results whose manifest is in none of the files (ignored).</summary>
    public long UnmatchedResults { get; init; }

    /// <summary>Gets the weight a random selection got (before normalisation).</summary>
    public double RandomWeight { get; init; }

    /// <summary>Gets the UTC days with manifests.</summary>
    public int Days { get; init; }

    /// <summary>Gets the last days held back for validation (0: no validation).</summary>
    public int ValidationDays { get; init; }

    /// <summary>Gets the first UTC day of the history.</summary>
    public DateOnly FirstDay { get; init; }

    /// <summary>Gets the first held-back day (the day after the last when there is no validation).</summary>
    public DateOnly FirstValidationDay { get; init; }

    /// <summary>Gets the examples with features against the training days' norms; null when there is no validation.</summary>
    internal ExampleSet? Validating { get; init; }

    /// <summary>Gets the examples with features against all days' norms.</summary>
    internal ExampleSet All { get; init; } = null!;

    /// <summary>Gets the first held-back day as a day number.</summary>
    internal int FirstValidationDayNumber => FirstValidationDay.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
}
