namespace ParcelStream.DevTools.Simulation;

/// <summary>How much of one planted pattern the inspections found.</summary>
/// <param name="Pattern">The pattern.</param>
/// <param name="Planted">Parcels planted with it.</param>
/// <param name="Found">Of those, parcels inspected and reported FOUND.</param>
public readonly record struct PatternRecall(PlantedPattern Pattern, long Planted, long Found)
{
    /// <summary>Gets <see cref="Found"/> / <see cref="Planted"/>; NaN when nothing was planted.</summary>
    public double Recall => Planted == 0 ? double.NaN : (double)Found / Planted;
}
