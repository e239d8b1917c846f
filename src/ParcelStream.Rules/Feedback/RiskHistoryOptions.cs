namespace ParcelStream.Rules.Feedback;

/// <summary>The prior of the seller and consignor risk estimates (configuration section <c>ParcelStream:Feedback</c>).</summary>
public sealed class RiskHistoryOptions
{
    /// <summary>Gets or sets alpha0 of the configured Beta prior (pseudo-count of FOUND).</summary>
    public double PriorAlpha { get; set; } = 1;

    /// <summary>Gets or sets beta0 of the configured Beta prior (pseudo-count of CLEAN).</summary>
    public double PriorBeta { get; set; } = 19;

    /// <summary>
    /// Gets or sets a value indicating whether the prior is centred on the random-selection baseline (worth
    /// <see cref="PriorStrength"/> pseudo-inspections) instead of PriorAlpha/PriorBeta, which then only smooth the baseline.
    /// </summary>
    public bool PriorFromRandomBaseline { get; set; }

    /// <summary>Gets or sets alpha0 + beta0 of a prior taken from the baseline.</summary>
    public double PriorStrength { get; set; } = 20;

    /// <summary>Validates the options.</summary>
    /// <param name="section">Configuration section, to name keys in messages.</param>
    /// <exception cref="InvalidOperationException">A value is out of range; the message names the key.</exception>
    public void Validate(string section = "ParcelStream:Feedback")
    {
        Positive(PriorAlpha, section + ":PriorAlpha");
        Positive(PriorBeta, section + ":PriorBeta");
        Positive(PriorStrength, section + ":PriorStrength");
    }

    /// <summary>Gets the configured prior.</summary>
    /// <returns>Beta(PriorAlpha, PriorBeta).</returns>
    public RiskPrior ConfiguredPrior() => new(PriorAlpha, PriorBeta);

    private static void Positive(double value, string key)
    {
        if (!(value > 0 && value <= 1e9))
        {
            throw new InvalidOperationException($"Configuration {key} must be above 0 and at most 1e9.");
        }
    }
}
