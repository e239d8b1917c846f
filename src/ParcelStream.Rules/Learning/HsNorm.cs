namespace ParcelStream.Rules.Learning;

/// <summary>What is typical of one HS sub-heading in the history: medians per line, and its smoothed FOUND rate.</summary>
/// <param name="ValuePerKg">Median line value per kg (base currency).</param>
/// <param name="ValuePerUnit">Median line value per unit.</param>
/// <param name="WeightPerUnit">Median line net weight per unit, kg.</param>
/// <param name="FoundRate">Smoothed FOUND rate of parcels whose main line has it; <see cref="RiskFeatures.Missing"/> when none was inspected.</param>
public readonly record struct HsNorm(float ValuePerKg, float ValuePerUnit, float WeightPerUnit, float FoundRate);
