using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>What <see cref="ModelTrainer.Train"/> produced.</summary>
/// <param name="Model">The artifact (metrics included).</param>
/// <param name="Validation">The held-back days' report, or null when there was no validation.</param>
public sealed record TrainingOutcome(RiskModel Model, ValidationReport? Validation);
