using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>Settings of a <see cref="SimulationWorld"/>: the same options give the same world, parcel for parcel.</summary>
public sealed record WorldOptions
{
    /// <summary>Gets the seed of the population and of every day's traffic.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Gets how many parcels each simulated day has.</summary>
    public int ParcelsPerDay { get; init; } = 20_000;

    /// <summary>Gets how many days are simulated.</summary>
    public int Days { get; init; } = 20;

    /// <summary>Gets the first simulated day (UTC); the default is after the EU's 2026-07-01 changes.</summary>
    public DateOnly StartDate { get; init; } = new(2026, 11, 2);

    /// <summary>Gets how many sellers ship (Zipf-like volumes).</summary>
    public int Sellers { get; init; } = 3_000;

    /// <summary>Gets how many consignees buy (some of them often: repeat buyers).</summary>
    public int Consignees { get; init; } = 40_000;

    /// <summary>Gets the share of parcels sent by private persons as gifts (no seller, no marketplace).</summary>
    public double PrivateSenderShare { get; init; } = 0.03;

    /// <summary>
    /// Gets the share of all parcels planted with each pattern (0 to 1); missing patterns get 0. For
    /// <see cref="PlantedPattern.SellerHistory"/> it sets which sellers counterfeit and how often (about half their parcels).
    /// </summary>
    public IReadOnlyDictionary<PlantedPattern, double> PlantedShares { get; init; } = DefaultPlantedShares;

    /// <summary>Gets the relative weight of each destination country (ISO alpha-2, among the generator's destinations); null for the generator's mix.</summary>
    public IReadOnlyDictionary<string, double>? DestinationMix { get; init; }

    /// <summary>Gets the default planted shares: 3 % non-compliant in all, like real data's 2.24 to 3 %.</summary>
    public static IReadOnlyDictionary<PlantedPattern, double> DefaultPlantedShares { get; } = new Dictionary<PlantedPattern, double>
    {
        [PlantedPattern.SellerHistory] = 0.009,
        [PlantedPattern.ConcealmentRoute] = 0.004,
        [PlantedPattern.Undervaluation] = 0.006,
        [PlantedPattern.Misdescription] = 0.004,
        [PlantedPattern.GiftMisdeclared] = 0.003,
        [PlantedPattern.NoSignal] = 0.004,
    };

    /// <summary>Gets the share planted with <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>0 to 1.</returns>
    public double ShareOf(PlantedPattern pattern) => PlantedShares.GetValueOrDefault(pattern);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A count is out of range, a share is outside 0 to 1, the shares add up to more than 0.5, or a destination is unknown.</exception>
    public void Validate()
    {
        Require(ParcelsPerDay is > 0 and <= 10_000_000, $"ParcelsPerDay must be 1 to 10,000,000, not {ParcelsPerDay}.");
        Require(Days is > 0 and <= 3_650, $"Days must be 1 to 3,650, not {Days}.");
        Require(Sellers is >= 100 and <= 1_000_000, $"Sellers must be 100 to 1,000,000, not {Sellers}.");
        Require(Consignees is >= 100 and <= 10_000_000, $"Consignees must be 100 to 10,000,000, not {Consignees}.");
        Require(PrivateSenderShare is >= 0 and <= 0.5, $"PrivateSenderShare must be 0 to 0.5, not {PrivateSenderShare}.");
        ArgumentNullException.ThrowIfNull(PlantedShares);
        double sum = 0;
        foreach ((PlantedPattern pattern, double share) in PlantedShares)
        {
            Require(pattern != PlantedPattern.None && share is >= 0 and <= 1, $"The planted share of {pattern} must be 0 to 1 (and None has none), not {share}.");
            sum += share;
        }

        Require(sum <= 0.5, $"The planted shares add up to {sum}, more than 0.5.");
        if (DestinationMix is not null)
        {
            Require(DestinationMix.Count > 0 && DestinationMix.Values.Sum() > 0, "DestinationMix must give at least one destination a positive weight.");
            foreach ((string country, double weight) in DestinationMix)
            {
                Require(Geography.Destinations.Items.Any(d => d.Code == country), $"DestinationMix names {country}, which is not a destination the world knows ({string.Join(", ", Geography.Destinations.Items.Select(d => d.Code))}).");
                Require(weight >= 0, $"DestinationMix weight of {country} must not be negative, not {weight}.");
            }
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
