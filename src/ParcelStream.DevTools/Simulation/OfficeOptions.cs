namespace ParcelStream.DevTools.Simulation;

/// <summary>Settings of an <see cref="InspectionOffice"/>.</summary>
public sealed record OfficeOptions
{
    /// <summary>Gets the most parcels the office inspects a day; 0 for no limit (every INSPECT is inspected).</summary>
    public int DailyCapacity { get; init; }

    /// <summary>Gets the mean time from decision to the result (inspectedAt - decision time).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Gets how far a result's delay varies around <see cref="Delay"/>, uniformly either way.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Gets the seed of the jitter (each manifestId's delay depends only on it and the seed).</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Gets the inspector id written on every result.</summary>
    public string Inspector { get; init; } = "sim-office";

    /// <summary>Gets the customs office code written on every result; null for none.</summary>
    public string? Office { get; init; } = "SIM0001";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The capacity is negative, the delay or jitter negative, the jitter longer than the delay, or the inspector empty.</exception>
    public void Validate()
    {
        if (DailyCapacity < 0 || Delay < TimeSpan.Zero || Jitter < TimeSpan.Zero || Jitter > Delay || string.IsNullOrEmpty(Inspector))
        {
            throw new ArgumentException($"Office options: DailyCapacity ({DailyCapacity}) and Delay ({Delay}) must not be negative, Jitter ({Jitter}) must be 0 to Delay, Inspector must not be empty.");
        }
    }
}
