namespace ParcelStream.Rules.Capacity;

/// <summary>
/// The streaming estimate of one partition's and destination's score distribution: a fixed-size histogram over
/// log-odds with exponential decay, and the cut-off it gives for the capacity left after forced and random
/// selections. Written by the one lane that owns the partition (nothing locked, nothing allocated per parcel); the
/// metrics thread only reads.
/// </summary>
internal sealed class CapacityEstimator
{
    /// <summary>Histogram bins.</summary>
    public const int Bins = 2048;

    /// <summary>Log-odds of the lowest bin's lower edge (lower log-odds fall into the lowest bin).</summary>
    public const double LowLogOdds = -16;

    /// <summary>Bins per unit of log-odds: the ranking resolves scores 1/64 log-odds apart; closer ones are ordered by the tie-break.</summary>
    public const double BinsPerLogOdds = 64;

    /// <summary>How many parcels between two cut-off computations (a scan of the histogram).</summary>
    public const int RecomputeEvery = 64;

    private const double RescaleAbove = 1e150;

    private readonly double[] _mass = new double[Bins];
    private readonly double _share;
    private readonly double _growth;
    private double _weight = 1;
    private double _total;
    private double _otherInspected;
    private double _forcedMass;
    private double _inspectedMass;
    private double _eligible;
    private int _sinceRecompute;
    private double _cutoff;
    private readonly double _initialCutoff;

    /// <summary>Initializes a new estimator.</summary>
    /// <param name="share">The destination's capacity share.</param>
    /// <param name="halfLife">Parcels after which an observation weighs half.</param>
    /// <param name="initialCutoff">The cut-off until the first estimate (the inspect threshold's rank position).</param>
    public CapacityEstimator(double share, int halfLife, double initialCutoff)
    {
        _share = share;
        _growth = Math.Pow(2, 1.0 / halfLife);
        _cutoff = initialCutoff;
        _initialCutoff = initialCutoff;
    }

    /// <summary>Gets the generation of the scores the estimate is of (see <see cref="CapacitySelector.Restart"/>).</summary>
    public int Generation { get; private set; }

    /// <summary>
    /// Forgets the score distribution (the counts of decided and inspected parcels stay): the scores of a new model are
    /// on another scale, and a cut-off learnt on the old one would select too many or too few until it decayed.
    /// Called by the thread that owns the estimator.
    /// </summary>
    /// <param name="generation">The generation now current.</param>
    public void Restart(int generation)
    {
        Array.Clear(_mass);
        _weight = 1;
        _total = _otherInspected = _forcedMass = _inspectedMass = _eligible = 0;
        _sinceRecompute = 0;
        _cutoff = _initialCutoff;
        Generation = generation;
    }

    /// <summary>Gets the cut-off: a parcel eligible for risk selection is inspected when its rank position is at or above it.</summary>
    public double Cutoff => _cutoff;

    /// <summary>Gets the parcels decided.</summary>
    public long Decided { get; private set; }

    /// <summary>Gets the parcels inspected, whatever selected them.</summary>
    public long Inspected { get; private set; }

    /// <summary>Gets the parcels inspected because a rule forced it, whatever the capacity.</summary>
    public long Forced { get; private set; }

    /// <summary>Gets the parcels inspected at random only (not also by rank).</summary>
    public long Random { get; private set; }

    /// <summary>Gets the recent share of INSPECT among decided (decayed like the histogram).</summary>
    public double RecentInspectShare => _total > 0 ? _inspectedMass / _total : 0;

    /// <summary>Gets the recent share of forced INSPECT among decided.</summary>
    public double RecentForcedShare => _total > 0 ? _forcedMass / _total : 0;

    /// <summary>Gets the capacity share this estimator works to.</summary>
    public double Share => _share;

    /// <summary>The histogram bin of a log-odds.</summary>
    /// <param name="logOdds">The parcel's log-odds.</param>
    /// <returns>0 to <see cref="Bins"/> - 1.</returns>
    public static int Bin(double logOdds)
    {
        double at = (logOdds - LowLogOdds) * BinsPerLogOdds;
        return at <= 0 || double.IsNaN(at) ? 0 : at >= Bins - 1 ? Bins - 1 : (int)at;
    }

    /// <summary>
    /// The rank position of a parcel: its log-odds' bin plus a tie-break fraction, in log-odds units. Parcels that
    /// share a score share a bin and are ordered by the tie-break, so a cut-off inside a bin selects only part of it.
    /// </summary>
    /// <param name="bin">The bin (<see cref="Bin"/>).</param>
    /// <param name="tieBreak">A number in [0, 1) drawn from the manifestId.</param>
    /// <returns>The position.</returns>
    public static double Position(int bin, double tieBreak) => LowLogOdds + ((bin + tieBreak) / BinsPerLogOdds);

    /// <summary>Adds a decided parcel and, every <see cref="RecomputeEvery"/> parcels, computes the cut-off again.</summary>
    /// <param name="bin">The parcel's bin.</param>
    /// <param name="eligible">Whether the rank could select it (no rule forced an outcome, or escalation applies).</param>
    /// <param name="forced">Whether a rule forced INSPECT.</param>
    /// <param name="randomOnly">Whether random selection alone inspects it.</param>
    /// <param name="inspected">Whether it is inspected.</param>
    public void Observe(int bin, bool eligible, bool forced, bool randomOnly, bool inspected)
    {
        _weight *= _growth;
        if (_weight > RescaleAbove)
        {
            Rescale();
        }

        double w = _weight;
        _total += w;
        Decided++;
        if (forced)
        {
            _forcedMass += w;
            Forced++;
        }

        if (randomOnly)
        {
            Random++;
        }

        if (forced || randomOnly)
        {
            _otherInspected += w;
        }

        if (inspected)
        {
            _inspectedMass += w;
            Inspected++;
        }

        if (eligible)
        {
            _mass[bin] += w;
            _eligible += w;
        }

        if (++_sinceRecompute >= RecomputeEvery)
        {
            _sinceRecompute = 0;
            _cutoff = Recompute();
        }
    }

    /// <summary>
    /// The rank-based cut-off: the capacity left after forced and random selections, counted down the histogram from
    /// the riskiest bin. It both caps (a ceiling) and tops up (ASYCUDA's expected rate as a floor): whatever the scores,
    /// the share above it is the capacity left.
    /// </summary>
    private double Recompute()
    {
        double target = (_share * _total) - _otherInspected;
        if (target <= 0)
        {
            return double.PositiveInfinity;
        }

        if (target >= _eligible)
        {
            return double.NegativeInfinity;
        }

        double above = 0;
        for (int b = Bins - 1; b >= 0; b--)
        {
            double m = _mass[b];
            if (m > 0 && above + m >= target)
            {
                return Position(b, 1 - ((target - above) / m));
            }

            above += m;
        }

        return double.NegativeInfinity;
    }

    private void Rescale()
    {
        double scale = 1 / _weight;
        for (int b = 0; b < _mass.Length; b++)
        {
            _mass[b] *= scale;
        }

        _total *= scale;
        _otherInspected *= scale;
        _forcedMass *= scale;
        _inspectedMass *= scale;
        _eligible *= scale;
        _weight = 1;
    }
}
