namespace ParcelStream.DevTools.Simulation;

/// <summary>What the world planted in one parcel: the ground truth the engine never sees.</summary>
/// <param name="Pattern">The planted pattern, or <see cref="PlantedPattern.None"/> for a compliant parcel.</param>
/// <param name="RevenueAtStakeCents">
/// Duty and VAT lost to the parcel's non-compliance in EUR cents: for <see cref="PlantedPattern.Undervaluation"/> the tax on
/// the undeclared value (see docs/simulation.md), 0 for every other pattern.
/// </param>
public readonly record struct ParcelTruth(PlantedPattern Pattern, long RevenueAtStakeCents)
{
    /// <summary>Gets whether nothing is planted in the parcel.</summary>
    public bool IsCompliant => Pattern == PlantedPattern.None;

    /// <summary>Gets the finding code an inspection of the parcel reports (schemas/inspection-result.avsc findingCodes), null when compliant.</summary>
    public string? FindingCode => FindingCodeOf(Pattern);

    /// <summary>Gets the finding code of a pattern.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The code, e.g. <c>COUNTERFEIT</c>; null for <see cref="PlantedPattern.None"/>.</returns>
    public static string? FindingCodeOf(PlantedPattern pattern) => pattern switch
    {
        PlantedPattern.SellerHistory => "COUNTERFEIT",
        PlantedPattern.ConcealmentRoute => "CONCEALED_GOODS",
        PlantedPattern.Undervaluation => "UNDERVALUED",
        PlantedPattern.Misdescription => "MISDESCRIBED",
        PlantedPattern.GiftMisdeclared => "FALSE_GIFT",
        PlantedPattern.NoSignal => "UNDECLARED_GOODS",
        _ => null,
    };
}
