namespace ParcelStream.DevTools.Simulation;

/// <summary>Settings of a <see cref="SimulationReport"/>.</summary>
public sealed record ReportOptions
{
    /// <summary>Gets how many first days are left out of the overall figures (the model has little to learn from yet).</summary>
    public int WarmUpDays { get; init; } = 5;

    /// <summary>Gets the inspection capacity as a share of parcels, to compare the INSPECT share with.</summary>
    public double CapacityShare { get; init; } = 0.02;
}
