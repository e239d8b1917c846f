namespace ParcelStream.DevTools.Generation;

/// <summary>Settings of a <see cref="ManifestGenerator"/>; bindable from configuration (section "Generator").</summary>
public sealed class GeneratorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Generator";

    /// <summary>Gets or sets the seed: the same seed and options give the same sequence of messages.</summary>
    public ulong Seed { get; set; } = 42;

    // Taken once per process, so that two generators with the same seed made in one process give the same messages.
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    /// <summary>
    /// Gets or sets the createdAt of the first manifest (UTC). By default now (to the second, the same for the whole
    /// process), so generated traffic is dated like real traffic and dated rules (thresholds, effective dates) apply as
    /// they would today; set it (<c>--start</c>) to reproduce a run or to cross a change such as 2026-07-01.
    /// </summary>
    public DateTimeOffset StartTime { get; set; } = s_now;

    /// <summary>Gets or sets the mean simulated time between two manifests' createdAt, in milliseconds.</summary>
    public double MeanIntervalMilliseconds { get; set; } = 10;

    /// <summary>
    /// Gets the share of each non-clean kind, 0 to 1; whatever the shares leave is <see cref="ManifestKind.Clean"/>.
    /// <see cref="ManifestKind.Undecodable"/> applies to <see cref="ManifestGenerator.NextMessage"/> only.
    /// </summary>
    public Dictionary<ManifestKind, double> Shares { get; } = DefaultShares();

    /// <summary>Gets or sets the rule pack whose watch lists give the denied-party names; null looks for rules/default from the working directory up.</summary>
    public string? RulesDirectory { get; set; }

    /// <summary>Gets or sets whether to read a rule pack's watch lists at all; false uses the built-in synthetic names.</summary>
    public bool UseRulePackWatchLists { get; set; } = true;

    /// <summary>Gets the sum of the non-clean shares.</summary>
    public double RiskyShare => Shares.Where(s => s.Key != ManifestKind.Clean).Sum(s => s.Value);

    /// <summary>The default mix: about 23 % non-clean, each kind 0.5 % to 3 %.</summary>
    /// <returns>A new dictionary.</returns>
    public static Dictionary<ManifestKind, double> DefaultShares() => new()
    {
        [ManifestKind.Undecodable] = 0.005,
        [ManifestKind.MissingIcs2Data] = 0.02,
        [ManifestKind.VagueDescription] = 0.03,
        [ManifestKind.InvalidS10CheckDigit] = 0.01,
        [ManifestKind.InvalidHsCode] = 0.015,
        [ManifestKind.ProhibitedGoods] = 0.015,
        [ManifestKind.Undervalued] = 0.03,
        [ManifestKind.ValueMismatch] = 0.015,
        [ManifestKind.WeightMismatch] = 0.015,
        [ManifestKind.GiftFromMarketplace] = 0.02,
        [ManifestKind.InvalidIoss] = 0.01,
        [ManifestKind.IossOverThreshold] = 0.01,
        [ManifestKind.SplitShipment] = 0.03,
        [ManifestKind.DeniedParty] = 0.005,
    };

    /// <summary>Scales every non-clean share so that they add up to <paramref name="riskyShare"/>, keeping their proportions.</summary>
    /// <param name="riskyShare">The wanted total, 0 to 1.</param>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="riskyShare"/> is outside 0 to 1.</exception>
    public GeneratorOptions WithRiskyShare(double riskyShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(riskyShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(riskyShare, 1);
        double current = RiskyShare;
        foreach (ManifestKind kind in Shares.Keys.ToArray())
        {
            Shares[kind] = current == 0 ? 0 : Shares[kind] * riskyShare / current;
        }

        return this;
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A share is outside 0 to 1, the shares add up to more than 1, or the interval is negative.</exception>
    public void Validate()
    {
        foreach ((ManifestKind kind, double share) in Shares)
        {
            if (!(share >= 0 && share <= 1))
            {
                throw new ArgumentException($"Generator share of {kind} must be between 0 and 1, not {share}.");
            }
        }

        if (RiskyShare > 1 + 1e-9)
        {
            throw new ArgumentException($"Generator shares add up to {RiskyShare}, more than 1.");
        }

        if (!(MeanIntervalMilliseconds >= 0))
        {
            throw new ArgumentException($"MeanIntervalMilliseconds must not be negative, not {MeanIntervalMilliseconds}.");
        }
    }
}
