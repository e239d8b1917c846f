using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// The targeting simulator's world (docs/simulation.md): sellers, consignors, consignees, marketplaces, routes and goods,
/// and each day's parcels with what was planted in them. Deterministic: the same <see cref="WorldOptions"/> give the same
/// population and, for each day, the same parcels, whatever order the days are asked for in. Thread-safe for reading
/// different days at once (each enumeration has its own random source and record).
/// </summary>
public sealed partial class SimulationWorld
{
    private const long MillisPerDay = 86_400_000;

    private readonly WorldOptions _options;
    private readonly long _startMillis;
    private readonly string _idPrefix;
    private readonly double[] _patternCumulative;
    private readonly PlantedPattern[] _patternOrder;

    /// <summary>Initializes the world: builds its population from the seed.</summary>
    /// <param name="options">The seed, volumes and planted shares.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="WorldOptions.Validate"/>).</exception>
    public SimulationWorld(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _startMillis = new DateTimeOffset(options.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        _idPrefix = (options.Seed * 0x9E3779B97F4A7C15UL >> 44).ToString("X5", System.Globalization.CultureInfo.InvariantCulture);
        _patternOrder = [PlantedPattern.ConcealmentRoute, PlantedPattern.Undervaluation, PlantedPattern.Misdescription, PlantedPattern.GiftMisdeclared, PlantedPattern.NoSignal];
        _patternCumulative = new double[_patternOrder.Length];
        double sum = 0;
        for (int i = 0; i < _patternOrder.Length; i++)
        {
            sum += options.ShareOf(_patternOrder[i]);
            _patternCumulative[i] = sum;
        }

        var random = new DeterministicRandom(options.Seed);
        var parts = new ManifestParts(random);
        _destinations = DestinationTable(options);
        _sellers = BuildSellers(random, parts);
        _sellerVolumes = new WeightedTable<Seller>([.. _sellers.Select((s, rank) => (s, 1.0 / Math.Pow(rank + 1, ZipfExponent)))]);
        _sellersByOrigin = _sellers.GroupBy(s => s.Origin.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _consignees = BuildConsignees(random, parts);
        _consigneesByDestination = _consignees.GroupBy(c => c.Destination.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _routes = PickRoutes(random);
        PickCounterfeiters(random);
    }

    /// <summary>Gets the options the world was built with.</summary>
    public WorldOptions Options => _options;

    /// <summary>Gets the number of simulated days.</summary>
    public int Days => _options.Days;

    /// <summary>Gets the sellers whose parcels hold counterfeits (<see cref="PlantedPattern.SellerHistory"/>), for reports and tests.</summary>
    public IReadOnlyList<string> CounterfeitSellerIds => [.. _sellers.Where(s => s.CounterfeitRate > 0).Select(s => s.SellerId)];

    /// <summary>Gets the routes of <see cref="PlantedPattern.ConcealmentRoute"/> as departure/operator/destination, e.g. <c>HK/YUNEXPRESS/NL</c>.</summary>
    public IReadOnlyList<string> ConcealmentRoutes => [.. _routes.Select(r => r.ToString())];

    /// <summary>Gets the number of sellers.</summary>
    public int SellerCount => _sellers.Length;

    /// <summary>Gets the first millisecond (UTC) of a simulated day.</summary>
    /// <param name="day">The day, 0-based.</param>
    /// <returns>Milliseconds since the Unix epoch.</returns>
    public long DayStartMillis(int day) => _startMillis + (day * MillisPerDay);

    /// <summary>
    /// Gets a day's parcels in createdAt order. Allocation-light: the enumeration fills one <see cref="ManifestRecord"/>
    /// again for each parcel, so a parcel's manifest is valid until the enumeration moves on (encode or copy it first).
    /// </summary>
    /// <param name="day">The day, 0 to <see cref="Days"/> - 1.</param>
    /// <returns>The day's <see cref="WorldOptions.ParcelsPerDay"/> parcels.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="day"/> is outside the simulated days.</exception>
    public IEnumerable<SimulatedParcel> Day(int day)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(day);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(day, _options.Days);
        return DayParcels(day);
    }

    /// <summary>Gets every day's parcels, day after day (the same reused record as <see cref="Day"/>).</summary>
    /// <returns>All parcels.</returns>
    public IEnumerable<SimulatedParcel> AllDays()
    {
        for (int day = 0; day < _options.Days; day++)
        {
            foreach (SimulatedParcel parcel in DayParcels(day))
            {
                yield return parcel;
            }
        }
    }

    private IEnumerable<SimulatedParcel> DayParcels(int day)
    {
        ulong daySeed = _options.Seed ^ (0xD1B54A32D192ED03UL * (ulong)(day + 1));
        var random = new DeterministicRandom(daySeed);
        var parts = new ManifestParts(random);
        var record = new ManifestRecord();
        int count = _options.ParcelsPerDay;
        long dayStart = DayStartMillis(day);
        for (int i = 0; i < count; i++)
        {
            long createdAt = dayStart + (long)((i + random.NextDouble()) * MillisPerDay / count);
            ParcelTruth truth = BuildParcel(record, random, parts, createdAt, $"SIM-{_idPrefix}-{day:D3}-{i:D7}");
            yield return new SimulatedParcel(day, record, truth);
        }
    }
}
