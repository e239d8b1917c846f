namespace ParcelStream.Rules.Learning;

/// <summary>What the history knows of one description word: the HS chapters it appeared under, and its smoothed FOUND rate.</summary>
/// <param name="ChaptersLow">Bit c set when the word appeared under chapter c (0-63).</param>
/// <param name="ChaptersHigh">Bit c - 64 set when it appeared under chapter c (64-97).</param>
/// <param name="FoundRate">Smoothed FOUND rate of parcels with the word; <see cref="RiskFeatures.Missing"/> when too few were inspected.</param>
public readonly record struct WordNorm(ulong ChaptersLow, ulong ChaptersHigh, float FoundRate)
{
    /// <summary>Tells whether the word appeared under <paramref name="chapter"/>.</summary>
    /// <param name="chapter">1-97.</param>
    /// <returns>True when seen.</returns>
    public bool Has(int chapter) => chapter < 64 ? (ChaptersLow & (1UL << chapter)) != 0 : (ChaptersHigh & (1UL << (chapter - 64))) != 0;

    /// <summary>Adds a chapter.</summary>
    /// <param name="chapter">1-97.</param>
    /// <returns>The norm with the chapter's bit set.</returns>
    public WordNorm With(int chapter) => chapter < 64
        ? this with { ChaptersLow = ChaptersLow | (1UL << chapter) }
        : this with { ChaptersHigh = ChaptersHigh | (1UL << (chapter - 64)) };
}
