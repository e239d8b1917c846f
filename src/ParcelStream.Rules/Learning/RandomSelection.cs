namespace ParcelStream.Rules.Learning;

/// <summary>
/// The engine's deterministic random selection seen from outside the engine: which manifests the configured rate and
/// seed pick for inspection at random (the same draw <c>RuleEngine</c> makes), so a trainer can tell random selections,
/// the unbiased sample, from risk selections without the decisions.
/// </summary>
public sealed class RandomSelection
{
    private readonly EngineSettings _settings;

    /// <summary>Initializes the draw of an engine configured with <paramref name="options"/>.</summary>
    /// <param name="options">The engine options; only RandomSelectionRate and RandomSeed matter.</param>
    /// <exception cref="InvalidOperationException">An option is out of range (the message names its key).</exception>
    public RandomSelection(RuleEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = new EngineSettings(options);
        Rate = options.RandomSelectionRate;
    }

    /// <summary>Gets the share of manifests selected at random.</summary>
    public double Rate { get; }

    /// <summary>Tells whether the engine selects a manifest at random.</summary>
    /// <param name="manifestId">UTF-8 manifestId.</param>
    /// <returns>True when the draw picks it; false when it does not or the rate is 0.</returns>
    public bool IsSelected(ReadOnlySpan<byte> manifestId) => _settings.IsRandomlySelected(manifestId);
}
