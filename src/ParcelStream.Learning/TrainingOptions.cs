using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Learning;

/// <summary>Everything <c>model train</c> is given: the input files, the pack, the trees' settings and the validation.</summary>
public sealed class TrainingOptions
{
    /// <summary>Gets or sets the manifest container files (.avro), read in order.</summary>
    public IReadOnlyList<string> ManifestPaths { get; set; } = [];

    /// <summary>Gets or sets the inspection result files (.csv or .jsonl, the format of <c>inspections publish</c>); a later result for a manifest replaces an earlier one.</summary>
    public IReadOnlyList<string> ResultPaths { get; set; } = [];

    /// <summary>
    /// Gets or sets decision files (JSON Lines as <c>replay --out</c> and <c>decisions tail</c> print them), optional:
    /// they tell which inspected parcels were picked at random or explored (reasons engine.random-selection,
    /// engine.exploration), the unbiased sample. Without them the random draw is recomputed and no exploration is known.
    /// </summary>
    public IReadOnlyList<string> DecisionPaths { get; set; } = [];

    /// <summary>Gets or sets the engine options whose random selection (rate and seed) made the unbiased sample.</summary>
    public RuleEngineOptions Engine { get; set; } = new();

    /// <summary>Gets or sets the prior of the seller and consignor history features (as the worker's feedback uses).</summary>
    public RiskHistoryOptions History { get; set; } = new();

    /// <summary>Gets or sets how the norms are learned.</summary>
    public FeatureNormsOptions Norms { get; set; } = new();

    /// <summary>Gets or sets the largest weight of a random selection (1 / random rate, capped here).</summary>
    public double MaxRandomWeight { get; set; } = 100;

    /// <summary>Gets or sets the number of trees.</summary>
    public int Trees { get; set; } = 200;

    /// <summary>Gets or sets the leaves per tree.</summary>
    public int Leaves { get; set; } = 8;

    /// <summary>Gets or sets the fewest training examples in a leaf.</summary>
    public int MinExamplesPerLeaf { get; set; } = 20;

    /// <summary>Gets or sets the boosting learning rate.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Gets or sets the days (UTC) held back for validation; null for 20 % of the days, at least 1.</summary>
    public int? ValidationDays { get; set; }

    /// <summary>Gets or sets a value indicating whether the artifact is retrained on all days after validation (otherwise it is the validated model).</summary>
    public bool RetrainOnAllDays { get; set; } = true;

    /// <summary>Gets or sets the seed of the trainer and of the norms' reservoirs.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Checks every setting that does not need the data.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names the option.</exception>
    public void Validate()
    {
        Check(ManifestPaths.Count > 0, "--manifests", "at least one manifest file is required");
        Check(ResultPaths.Count > 0, "--results", "at least one results file is required");
        Check(MaxRandomWeight >= 1, "--max-random-weight", "must be at least 1");
        Check(Trees is >= 1 and <= 10_000, "--trees", "must be between 1 and 10000");
        Check(Leaves is >= 2 and <= 1_024, "--leaves", "must be between 2 and 1024");
        Check(MinExamplesPerLeaf >= 1, "--min-leaf-examples", "must be at least 1");
        Check(LearningRate is > 0 and <= 1, "--learning-rate", "must be in (0, 1]");
        Check(ValidationDays is null or >= 0, "--validation-days", "must be 0 or more");
        Engine.Validate();
        History.Validate();
        Norms.Validate();
    }

    private static void Check(bool valid, string option, string message)
    {
        if (!valid)
        {
            throw new ArgumentException($"{option}: {message}.");
        }
    }
}
