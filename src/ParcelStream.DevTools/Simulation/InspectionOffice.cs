using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Inspections;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// The simulated customs office: inspects what the engine selected, within a daily capacity, and reports FOUND (with the
/// planted pattern's finding code) or CLEAN, each result dated some time after the decision as officers would. Beyond
/// capacity (the documented choice, docs/simulation.md): random selections are always inspected, being the unbiased
/// sample; the rest of the capacity goes to the highest risk scores (ties by manifestId). An inspection of a planted
/// parcel always finds it. Publish the results with <see cref="InspectionReportWriter"/> (schemas/inspection-result.avsc).
/// </summary>
public sealed class InspectionOffice
{
    private readonly OfficeOptions _options;

    /// <summary>Initializes an office.</summary>
    /// <param name="options">Capacity, delay and ids.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="OfficeOptions.Validate"/>).</exception>
    public InspectionOffice(OfficeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Inspects one day's INSPECT decisions.</summary>
    /// <param name="decisions">The day's decisions (any outcome; only INSPECT ones are looked at).</param>
    /// <param name="truth">What was planted in each decided manifest.</param>
    /// <returns>The results, in inspectedAt order; INSPECT decisions beyond capacity have none.</returns>
    /// <exception cref="ArgumentException">An INSPECT decision's manifestId has no truth.</exception>
    public IReadOnlyList<InspectionReport> InspectDay(IEnumerable<InspectionDecision> decisions, IReadOnlyDictionary<string, ParcelTruth> truth)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(truth);
        List<InspectionDecision> selected = [.. decisions.Where(d => d.Outcome == Outcome.Inspect)];
        if (_options.DailyCapacity > 0 && selected.Count > _options.DailyCapacity)
        {
            // Random selections first (always inspected), then by risk score, highest first; manifestId breaks ties.
            selected.Sort(static (a, b) => a.RandomSelection != b.RandomSelection ? (a.RandomSelection ? -1 : 1)
                : b.RiskScore != a.RiskScore ? b.RiskScore.CompareTo(a.RiskScore)
                : string.CompareOrdinal(a.ManifestId, b.ManifestId));
            int keep = Math.Max(_options.DailyCapacity, selected.Count(d => d.RandomSelection));
            selected.RemoveRange(keep, selected.Count - keep);
        }

        var results = new List<InspectionReport>(selected.Count);
        foreach (InspectionDecision decision in selected)
        {
            if (!truth.TryGetValue(decision.ManifestId, out ParcelTruth parcel))
            {
                throw new ArgumentException($"No ground truth for manifest {decision.ManifestId}: the office can only inspect parcels of the simulated world.", nameof(truth));
            }

            string? code = parcel.FindingCode;
            results.Add(new InspectionReport(decision.ManifestId, code is null ? InspectionOutcome.Clean : InspectionOutcome.Found, _options.Inspector, decision.DecidedAtMillis + DelayMillis(decision.ManifestId))
            {
                FindingCodes = code is null ? [] : [code],
                Office = _options.Office,
            });
        }

        results.Sort(static (a, b) => a.InspectedAtMillis != b.InspectedAtMillis ? a.InspectedAtMillis.CompareTo(b.InspectedAtMillis) : string.CompareOrdinal(a.ManifestId, b.ManifestId));
        return results;
    }

    /// <summary>The delay of a manifest's result: <see cref="OfficeOptions.Delay"/> plus or minus up to the jitter, from the manifestId and seed alone.</summary>
    private long DelayMillis(string manifestId)
    {
        ulong hash = 14_695_981_039_346_656_037UL ^ _options.Seed;
        foreach (char c in manifestId)
        {
            hash = (hash ^ c) * 1_099_511_628_211UL;
        }

        double u = new DeterministicRandom(hash).NextDouble();
        return (long)(_options.Delay.TotalMilliseconds + (((2 * u) - 1) * _options.Jitter.TotalMilliseconds));
    }
}
