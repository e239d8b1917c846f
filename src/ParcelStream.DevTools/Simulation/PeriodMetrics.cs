namespace ParcelStream.DevTools.Simulation;

/// <summary>The <see cref="SimulationReport"/>'s figures for one simulated day, or for all days after the warm-up (docs/simulation.md defines each).</summary>
public sealed class PeriodMetrics
{
    /// <summary>Gets the day (0-based), or null for all days after the warm-up.</summary>
    public int? Day { get; init; }

    /// <summary>Gets the number of parcels.</summary>
    public long Parcels { get; init; }

    /// <summary>Gets the number of non-compliant (planted) parcels.</summary>
    public long NonCompliant { get; init; }

    /// <summary>Gets <see cref="NonCompliant"/> / <see cref="Parcels"/>.</summary>
    public double BaseRate => Ratio(NonCompliant, Parcels);

    /// <summary>Gets the number of INSPECT decisions.</summary>
    public long Inspect { get; init; }

    /// <summary>Gets <see cref="Inspect"/> / <see cref="Parcels"/>.</summary>
    public double InspectShare => Ratio(Inspect, Parcels);

    /// <summary>Gets the capacity share the INSPECT share is compared with.</summary>
    public double Capacity { get; init; }

    /// <summary>Gets <see cref="InspectShare"/> / <see cref="Capacity"/>: 1 uses exactly the capacity.</summary>
    public double CapacityUse => Capacity > 0 ? InspectShare / Capacity : double.NaN;

    /// <summary>Gets inspections of parcels a forced rule selected, and how many found something.</summary>
    public (long Inspected, long Found) Forced { get; init; }

    /// <summary>Gets inspections of parcels the risk or model score selected, and how many found something.</summary>
    public (long Inspected, long Found) Risk { get; init; }

    /// <summary>Gets inspections of randomly selected parcels, and how many found something.</summary>
    public (long Inspected, long Found) Random { get; init; }

    /// <summary>Gets the hit rate of risk-selected inspections: found / inspected.</summary>
    public double RiskHitRate => Ratio(Risk.Found, Risk.Inspected);

    /// <summary>Gets the hit rate of random selections: found / inspected.</summary>
    public double RandomHitRate => Ratio(Random.Found, Random.Inspected);

    /// <summary>Gets <see cref="RiskHitRate"/> / <see cref="RandomHitRate"/>; NaN when random inspections found nothing.</summary>
    public double Lift => RandomHitRate > 0 ? RiskHitRate / RandomHitRate : double.NaN;

    /// <summary>Gets the non-compliant share of the top 1 % of parcels by score over <see cref="BaseRate"/>.</summary>
    public double TopOnePercentLift { get; init; }

    /// <summary>Gets the non-compliant share of the top 2 % of parcels by score over <see cref="BaseRate"/>.</summary>
    public double TopTwoPercentLift { get; init; }

    /// <summary>Gets the ROC AUC of the score against non-compliance (ties as average ranks).</summary>
    public double Auc { get; init; }

    /// <summary>Gets the revenue at stake of all parcels, EUR cents.</summary>
    public long RevenueAtStakeCents { get; init; }

    /// <summary>Gets the revenue at stake of parcels whose inspection found something, EUR cents.</summary>
    public long RevenueRecoveredCents { get; init; }

    /// <summary>Gets the number of compliant parcels.</summary>
    public long Compliant { get; init; }

    /// <summary>Gets the number of compliant parcels released.</summary>
    public long CompliantReleased { get; init; }

    /// <summary>Gets <see cref="CompliantReleased"/> / <see cref="Compliant"/>.</summary>
    public double CompliantReleaseRate => Ratio(CompliantReleased, Compliant);

    /// <summary>Gets the recall of each planted pattern (every pattern, planted or not).</summary>
    public IReadOnlyList<PatternRecall> Patterns { get; init; } = [];

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : (double)a / b;
}
