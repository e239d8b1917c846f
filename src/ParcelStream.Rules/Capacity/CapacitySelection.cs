using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Capacity;

/// <summary>
/// One parcel's place in the inspection capacity: its rank position, the cut-off it is compared with and the estimator
/// it is counted in. Off (<see cref="IsOn"/> false) when capacity is disabled: the inspect threshold decides.
/// </summary>
internal readonly struct CapacitySelection
{
    private readonly CapacitySelector? _selector;
    private readonly CapacityEstimator? _estimator;
    private readonly int _destination;
    private readonly int _bin;
    private readonly long _createdAtMillis;

    /// <summary>Initializes the selection of one parcel.</summary>
    /// <param name="selector">The engine's selector; null when capacity is off.</param>
    /// <param name="manifest">The manifest.</param>
    /// <param name="partition">The input partition (-1: not known).</param>
    /// <param name="logOdds">The parcel's log-odds.</param>
    /// <param name="cutoff">
    /// A recorded cut-off to decide with, or NaN for the estimator's. With a known partition the parcel is still counted
    /// in its estimator (a record decided again after a restart); with -1 nothing is counted (rules explain).
    /// </param>
    public CapacitySelection(CapacitySelector? selector, ManifestView manifest, int partition, double logOdds, double cutoff)
    {
        _selector = selector;
        if (selector is null)
        {
            Cutoff = double.NaN;
            return;
        }

        _destination = selector.DestinationIndex(manifest.DestinationCountry);
        _bin = CapacityEstimator.Bin(logOdds);
        _createdAtMillis = manifest.CreatedAtMillis;
        Position = CapacityEstimator.Position(_bin, selector.TieBreak(manifest.ManifestId));
        if (double.IsNaN(cutoff) || partition >= 0)
        {
            _estimator = selector.Estimator(partition, _destination);
        }

        if (double.IsNaN(cutoff))
        {
            cutoff = selector.Cutoff(_estimator!, _destination, _createdAtMillis);
        }

        Cutoff = cutoff;
    }

    /// <summary>Gets a value indicating whether capacity decides risk-selected INSPECTs.</summary>
    public bool IsOn => _selector is not null;

    /// <summary>Gets the parcel's rank position (log-odds bin plus tie-break).</summary>
    public double Position { get; }

    /// <summary>Gets the cut-off used: recorded with the decision to reproduce it; NaN when capacity is off.</summary>
    public double Cutoff { get; }

    /// <summary>Gets a value indicating whether the parcel ranks within capacity.</summary>
    public bool Selects => Position >= Cutoff;

    /// <summary>Counts the decided parcel in its estimator and, when inspected, against the hourly ceiling.</summary>
    /// <param name="eligible">Whether the rank could select it (no rule forced an outcome, or escalation applies).</param>
    /// <param name="forced">Whether a rule forced INSPECT.</param>
    /// <param name="randomOnly">Whether only random selection inspects it.</param>
    /// <param name="inspected">Whether it is inspected.</param>
    public void Record(bool eligible, bool forced, bool randomOnly, bool inspected)
    {
        if (_estimator is null)
        {
            return;
        }

        _estimator.Observe(_bin, eligible, forced, randomOnly, inspected);
        if (inspected)
        {
            _selector!.CountInspection(_destination, _createdAtMillis);
        }
    }
}
