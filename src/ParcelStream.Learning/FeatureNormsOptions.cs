namespace ParcelStream.Learning;

/// <summary>How <see cref="FeatureNormsBuilder"/> learns the reference tables (command-line options of <c>model train</c>).</summary>
public sealed class FeatureNormsOptions
{
    /// <summary>Gets or sets m of the m-estimate (found + m * baseRate) / (inspected + m) every FOUND rate is smoothed with.</summary>
    public double Smoothing { get; set; } = 20;

    /// <summary>Gets or sets how many times a description word must occur to enter the word table.</summary>
    public int MinWordCount { get; set; } = 5;

    /// <summary>Gets or sets the most words the table keeps (the most frequent), which bounds the model file.</summary>
    public int MaxWords { get; set; } = 20_000;

    /// <summary>Gets or sets how many inspected parcels must have had a word for the word to get a FOUND rate.</summary>
    public int MinWordInspections { get; set; } = 5;

    /// <summary>Gets or sets how many line samples per HS6 the medians are taken over (a deterministic reservoir).</summary>
    public int ReservoirSize { get; set; } = 1_000;

    /// <summary>Gets or sets how many line samples an HS6 needs for its medians.</summary>
    public int MinHsSamples { get; set; } = 5;

    /// <summary>Gets or sets how many distinct words are counted at most; past it, the rarest are forgotten (bounded memory).</summary>
    public int MaxTrackedWords { get; set; } = 1_000_000;

    /// <summary>Gets or sets the seed of the reservoirs' draws.</summary>
    public ulong Seed { get; set; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(Smoothing is >= 0 and <= 1e6, nameof(Smoothing), "must be in [0, 1e6]");
        Check(MinWordCount >= 1, nameof(MinWordCount), "must be at least 1");
        Check(MaxWords >= 0, nameof(MaxWords), "must be 0 or more");
        Check(MinWordInspections >= 1, nameof(MinWordInspections), "must be at least 1");
        Check(ReservoirSize >= 1, nameof(ReservoirSize), "must be at least 1");
        Check(MinHsSamples >= 1 && MinHsSamples <= ReservoirSize, nameof(MinHsSamples), "must be between 1 and ReservoirSize");
        Check(MaxTrackedWords >= MaxWords && MaxTrackedWords >= 2, nameof(MaxTrackedWords), "must be at least MaxWords and 2");
    }

    private static void Check(bool valid, string name, string message)
    {
        if (!valid)
        {
            throw new ArgumentException($"Feature norms: {name} {message}.");
        }
    }
}
