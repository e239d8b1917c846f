namespace ParcelStream.Rules;

/// <summary>How often a rule of the current pack has hit since the pack was loaded.</summary>
/// <param name="RuleId">Rule id.</param>
/// <param name="Code">Reason code.</param>
/// <param name="Hits">Number of evaluations it hit.</param>
public readonly record struct RuleHitCount(string RuleId, string Code, long Hits);
