using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>The outcomes as the decision schema spells them (enum Outcome: RELEASE, HOLD, INSPECT).</summary>
public static class OutcomeSymbols
{
    /// <summary>The number of outcomes.</summary>
    public const int Count = 3;

    private static readonly string[] s_names = ["RELEASE", "HOLD", "INSPECT"];

    /// <summary>Gets every outcome, in schema order.</summary>
    public static IReadOnlyList<Outcome> All { get; } = [Outcome.Release, Outcome.Hold, Outcome.Inspect];

    /// <summary>Gets the schema symbol of an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>RELEASE, HOLD or INSPECT.</returns>
    public static string Name(Outcome outcome) => s_names[(int)outcome];

    /// <summary>Gets the schema symbol of an outcome as UTF-8.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>RELEASE, HOLD or INSPECT.</returns>
    public static ReadOnlySpan<byte> Utf8(Outcome outcome) => outcome switch
    {
        Outcome.Hold => "HOLD"u8,
        Outcome.Inspect => "INSPECT"u8,
        _ => "RELEASE"u8,
    };
}
