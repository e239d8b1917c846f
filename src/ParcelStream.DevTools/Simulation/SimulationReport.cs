using ParcelStream.Codec.Decisions;

namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// What a simulated run achieved, per day and overall after the warm-up (docs/simulation.md defines every figure):
/// INSPECT share against capacity, risk-selected against random hit rates (lift), top 1 % and 2 % lift, ROC AUC,
/// revenue recovered, release rate of compliant parcels and recall per planted pattern. Written as a console table
/// (<see cref="WriteText"/>), JSON (<see cref="WriteJson"/>) and a self-contained HTML page (<see cref="WriteHtml"/>).
/// </summary>
public sealed partial class SimulationReport
{
    private SimulationReport(ReportOptions options, IReadOnlyList<PeriodMetrics> days, PeriodMetrics overall)
    {
        Options = options;
        Days = days;
        Overall = overall;
    }

    /// <summary>Gets the settings the report was computed with.</summary>
    public ReportOptions Options { get; }

    /// <summary>Gets each simulated day's figures, in day order (days without parcels left out).</summary>
    public IReadOnlyList<PeriodMetrics> Days { get; }

    /// <summary>Gets the figures of all days after the warm-up (all days when there are no more than the warm-up).</summary>
    public PeriodMetrics Overall { get; }

    /// <summary>Computes the report.</summary>
    /// <param name="rows">One row per simulated parcel.</param>
    /// <param name="options">Warm-up and capacity; null for the defaults.</param>
    /// <returns>The report.</returns>
    public static SimulationReport Compute(IEnumerable<ReportRow> rows, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        options ??= new ReportOptions();
        var byDay = new SortedDictionary<int, List<ReportRow>>();
        foreach (ReportRow row in rows)
        {
            if (!byDay.TryGetValue(row.Day, out List<ReportRow>? list))
            {
                byDay[row.Day] = list = [];
            }

            list.Add(row);
        }

        PeriodMetrics[] days = [.. byDay.Select(d => Measure(d.Value, d.Key, options.CapacityShare))];
        int firstDay = byDay.Count == 0 ? 0 : byDay.Keys.First();
        List<ReportRow> after = [.. byDay.Where(d => d.Key >= firstDay + options.WarmUpDays).SelectMany(d => d.Value)];
        PeriodMetrics overall = Measure(after.Count > 0 ? after : [.. byDay.Values.SelectMany(d => d)], null, options.CapacityShare);
        return new SimulationReport(options, days, overall);
    }

    private static PeriodMetrics Measure(List<ReportRow> rows, int? day, double capacity)
    {
        var scores = new double[rows.Count];
        var positive = new bool[rows.Count];
        long nonCompliant = 0, inspect = 0, compliant = 0, released = 0, atStake = 0, recovered = 0;
        long forcedInspected = 0, forcedFound = 0, riskInspected = 0, riskFound = 0, randomInspected = 0, randomFound = 0;
        var planted = new long[Enum.GetValues<PlantedPattern>().Length];
        var found = new long[planted.Length];
        for (int i = 0; i < rows.Count; i++)
        {
            ReportRow r = rows[i];
            scores[i] = r.Score;
            positive[i] = r.NonCompliant;
            nonCompliant += r.NonCompliant ? 1 : 0;
            inspect += r.Outcome == Outcome.Inspect ? 1 : 0;
            compliant += r.NonCompliant ? 0 : 1;
            released += !r.NonCompliant && r.Outcome == Outcome.Release ? 1 : 0;
            atStake += r.RevenueAtStakeCents;
            bool hit = r.Inspected && r.Found;
            recovered += hit ? r.RevenueAtStakeCents : 0;
            planted[(int)r.Pattern]++;
            found[(int)r.Pattern] += hit ? 1 : 0;
            if (r.Inspected)
            {
                switch (r.SelectedBy)
                {
                    case SelectedBy.ForcedRule:
                        forcedInspected++;
                        forcedFound += r.Found ? 1 : 0;
                        break;
                    case SelectedBy.Risk:
                        riskInspected++;
                        riskFound += r.Found ? 1 : 0;
                        break;
                    case SelectedBy.Random:
                        randomInspected++;
                        randomFound += r.Found ? 1 : 0;
                        break;
                    default:
                        break;
                }
            }
        }

        return new PeriodMetrics
        {
            Day = day,
            Parcels = rows.Count,
            NonCompliant = nonCompliant,
            Inspect = inspect,
            Capacity = capacity,
            Forced = (forcedInspected, forcedFound),
            Risk = (riskInspected, riskFound),
            Random = (randomInspected, randomFound),
            TopOnePercentLift = ScoreMetrics.TopLift(scores, positive, 0.01),
            TopTwoPercentLift = ScoreMetrics.TopLift(scores, positive, 0.02),
            Auc = ScoreMetrics.Auc(scores, positive),
            RevenueAtStakeCents = atStake,
            RevenueRecoveredCents = recovered,
            Compliant = compliant,
            CompliantReleased = released,
            Patterns = [.. Enum.GetValues<PlantedPattern>().Where(p => p != PlantedPattern.None).Select(p => new PatternRecall(p, planted[(int)p], found[(int)p]))],
        };
    }
}
