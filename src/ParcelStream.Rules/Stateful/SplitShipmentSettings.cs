using System.Collections.Frozen;
using System.Text;

namespace ParcelStream.Rules.Stateful;

/// <summary>
/// Settings of the split-shipment and duplicate checks: the event-time window, the most parcels kept per consignee,
/// and which rule-pack threshold applies to which destination country (key <c>EU</c> stands for the 27 member states).
/// </summary>
public sealed class SplitShipmentSettings
{
    /// <summary>The default window (72 h).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(72);

    /// <summary>The default destination thresholds: threshold names of the default rule pack (rules/default/pack.yaml).</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultThresholds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // EUR 150: the IOSS / H7 limit, still in force after the duty relief ended on 2026-06-30 (customs-domain.md section 3).
        ["EU"] = "ioss-limit",
        ["GB"] = "gb-low-value",
        ["US"] = "us-de-minimis",
        ["CA"] = "ca-de-minimis",
        ["AU"] = "au-low-value",
    };

    private static readonly string[] s_euMembers =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
        "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ];

    private readonly string?[] _byCountry = new string?[26 * 26];

    /// <summary>Initializes the settings.</summary>
    /// <param name="window">Parcels further apart in event time than this are not related.</param>
    /// <param name="thresholds">Destination country (or EU) to threshold name; <see cref="DefaultThresholds"/> when null.</param>
    /// <param name="maxParcelsPerConsignee">Most parcels kept per consignee (the oldest are dropped beyond it).</param>
    public SplitShipmentSettings(TimeSpan window, IReadOnlyDictionary<string, string>? thresholds = null, int maxParcelsPerConsignee = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParcelsPerConsignee, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxParcelsPerConsignee, 4096);
        Window = window;
        MaxParcelsPerConsignee = maxParcelsPerConsignee;
        Thresholds = (thresholds ?? DefaultThresholds).ToFrozenDictionary(StringComparer.Ordinal);
        foreach ((string country, string name) in Thresholds)
        {
            if (country == "EU")
            {
                foreach (string member in s_euMembers)
                {
                    // An explicit entry for a member state wins over EU.
                    _byCountry[Index(member)] ??= name;
                }

                continue;
            }

            int index = country.Length == 2 ? Index(country) : -1;
            if (index < 0)
            {
                throw new ArgumentException($"'{country}' is not an ISO 3166-1 alpha-2 country code (upper case) or EU.", nameof(thresholds));
            }

            _byCountry[index] = name;
        }
    }

    /// <summary>Gets the window.</summary>
    public TimeSpan Window { get; }

    /// <summary>Gets the window in milliseconds.</summary>
    public long WindowMillis => (long)Window.TotalMilliseconds;

    /// <summary>Gets the most parcels kept per consignee.</summary>
    public int MaxParcelsPerConsignee { get; }

    /// <summary>Gets the destination-to-threshold map as configured.</summary>
    public IReadOnlyDictionary<string, string> Thresholds { get; }

    /// <summary>Gets the threshold name for a destination country.</summary>
    /// <param name="country">ISO alpha-2, ASCII.</param>
    /// <returns>The name, or null when no threshold applies (no split check there).</returns>
    public string? ThresholdFor(ReadOnlySpan<byte> country)
    {
        if (country.Length != 2)
        {
            return null;
        }

        int a = country[0] - 'A';
        int b = country[1] - 'A';
        return (uint)a < 26 && (uint)b < 26 ? _byCountry[(a * 26) + b] : null;
    }

    private static int Index(string country)
    {
        int a = country[0] - 'A';
        int b = country[1] - 'A';
        return (uint)a < 26 && (uint)b < 26 ? (a * 26) + b : -1;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("window ").Append(Window).Append(", thresholds ");
        text.AppendJoin(", ", Thresholds.Select(t => $"{t.Key}={t.Value}"));
        return text.ToString();
    }
}
