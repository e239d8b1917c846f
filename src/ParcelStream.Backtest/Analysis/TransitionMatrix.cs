using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>How the outcome of each manifest moves from a baseline pack to a candidate pack: counts[before, after].</summary>
public sealed class TransitionMatrix
{
    private readonly long[] _counts = new long[OutcomeSymbols.Count * OutcomeSymbols.Count];

    /// <summary>Gets the number of manifests with outcome <paramref name="before"/> under the baseline and <paramref name="after"/> under the candidate.</summary>
    /// <param name="before">Baseline outcome.</param>
    /// <param name="after">Candidate outcome.</param>
    /// <returns>The count.</returns>
    public long this[Outcome before, Outcome after] => _counts[Index(before, after)];

    /// <summary>Gets the number of manifests counted.</summary>
    public long Total => _counts.Sum();

    /// <summary>Gets the number of manifests whose outcome changed.</summary>
    public long Changed => Total - Unchanged;

    /// <summary>Gets the number of manifests whose outcome stayed the same.</summary>
    public long Unchanged => this[Outcome.Release, Outcome.Release] + this[Outcome.Hold, Outcome.Hold] + this[Outcome.Inspect, Outcome.Inspect];

    /// <summary>Gets the inspections the candidate adds: INSPECT under the candidate, not under the baseline.</summary>
    public long InspectionsAdded => this[Outcome.Release, Outcome.Inspect] + this[Outcome.Hold, Outcome.Inspect];

    /// <summary>Gets the inspections the candidate removes: INSPECT under the baseline, not under the candidate.</summary>
    public long InspectionsRemoved => this[Outcome.Inspect, Outcome.Release] + this[Outcome.Inspect, Outcome.Hold];

    /// <summary>Gets the number of manifests with outcome <paramref name="outcome"/> under the baseline.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The row sum.</returns>
    public long Before(Outcome outcome) => this[outcome, Outcome.Release] + this[outcome, Outcome.Hold] + this[outcome, Outcome.Inspect];

    /// <summary>Gets the number of manifests with outcome <paramref name="outcome"/> under the candidate.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The column sum.</returns>
    public long After(Outcome outcome) => this[Outcome.Release, outcome] + this[Outcome.Hold, outcome] + this[Outcome.Inspect, outcome];

    /// <summary>Counts one manifest.</summary>
    /// <param name="before">Baseline outcome.</param>
    /// <param name="after">Candidate outcome.</param>
    public void Add(Outcome before, Outcome after) => _counts[Index(before, after)]++;

    /// <summary>Adds another matrix's counts to this one.</summary>
    /// <param name="other">The other matrix.</param>
    public void Add(TransitionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    private static int Index(Outcome before, Outcome after) => ((int)before * OutcomeSymbols.Count) + (int)after;
}
