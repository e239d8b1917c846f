namespace ParcelStream.Learning;

/// <summary>How the model trained on the earlier days did on the held-back days.</summary>
/// <param name="Days">Held-back days.</param>
/// <param name="Examples">Labelled examples on them.</param>
/// <param name="Found">Of which FOUND.</param>
/// <param name="Auc">ROC AUC, unweighted (over the inspected parcels as they were selected).</param>
/// <param name="AucWeighted">ROC AUC with the inverse-propensity weights (an estimate over all traffic).</param>
/// <param name="LiftTop1">Weighted FOUND rate of the top 1 % by score over the weighted base rate.</param>
/// <param name="LiftTop2">Likewise for the top 2 %.</param>
/// <param name="BaseRate">Weighted FOUND rate (observed).</param>
/// <param name="MeanPredicted">Weighted mean predicted probability (to compare with <paramref name="BaseRate"/>: calibration).</param>
public sealed record ValidationReport(int Days, int Examples, int Found, double Auc, double AucWeighted, double LiftTop1, double LiftTop2, double BaseRate, double MeanPredicted);
