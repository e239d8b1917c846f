namespace ParcelStream.Rules.Capacity;

/// <summary>
/// Inspection capacity, bound from <c>ParcelStream:Rules:Capacity</c>: the share of parcels the offices can inspect
/// physically, per destination country (what the manifest names), and optionally a ceiling per hour. Risk-selected
/// INSPECTs are the riskiest parcels that fit in it (see <see cref="CapacitySelector"/>).
/// </summary>
public sealed class CapacityOptions
{
    /// <summary>The configuration section, under the rule engine's.</summary>
    public const string SectionName = RuleEngineOptions.SectionName + ":Capacity";

    /// <summary>Gets or sets a value indicating whether INSPECT is matched to capacity; false inspects every parcel whose score reaches the inspect threshold (the engine before capacity).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the share (0..1) of parcels that can be inspected, for destinations without their own.</summary>
    public double Share { get; set; } = 0.01;

    /// <summary>Gets the share per destination country (ISO 3166 alpha-2, e.g. <c>DE: 0.005</c>).</summary>
    public Dictionary<string, double> PerDestination { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the most INSPECTs per destination per hour of manifest creation time (0: no ceiling).</summary>
    public int MaxPerHour { get; set; }

    /// <summary>Gets or sets after how many parcels of a partition and destination the score distribution's weight halves (how fast the cut-off follows the traffic).</summary>
    public int HalfLife { get; set; } = 2000;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range; the message names its configuration key.</exception>
    public void Validate()
    {
        if (!(Share >= 0 && Share <= 1))
        {
            Fail(nameof(Share), $"must be in [0, 1], got {Share}");
        }

        foreach ((string destination, double share) in PerDestination)
        {
            if (destination.Length != 2 || !char.IsAsciiLetter(destination[0]) || !char.IsAsciiLetter(destination[1]))
            {
                Fail($"{nameof(PerDestination)}:{destination}", "must name a destination country by its two-letter ISO code");
            }

            if (!(share >= 0 && share <= 1))
            {
                Fail($"{nameof(PerDestination)}:{destination}", $"must be in [0, 1], got {share}");
            }
        }

        if (PerDestination.Count > CapacitySelector.MaxDestinations)
        {
            Fail(nameof(PerDestination), $"names {PerDestination.Count} destinations, at most {CapacitySelector.MaxDestinations}");
        }

        if (MaxPerHour < 0)
        {
            Fail(nameof(MaxPerHour), $"must be 0 (no ceiling) or positive, got {MaxPerHour}");
        }

        if (HalfLife < 1)
        {
            Fail(nameof(HalfLife), $"must be at least 1 parcel, got {HalfLife}");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string key, string message) =>
        throw new InvalidOperationException($"{SectionName}:{key} {message}.");
}
