using ParcelStream.Codec.Inspections;

namespace ParcelStream.Rules.Feedback;

/// <summary>
/// Feedback statistics of a set of decided parcels and their inspection results, without Kafka: per rule (risk-selected
/// and random apart), the random-selection baseline, per seller and per consignor. Used by replay and tests directly,
/// and by the worker per partition. Not thread-safe.
/// </summary>
public sealed class FeedbackTally
{
    private readonly Dictionary<FeedbackKey, EntityCounts> _lines = [];

    /// <summary>Gets every line.</summary>
    public IReadOnlyDictionary<FeedbackKey, EntityCounts> Lines => _lines;

    /// <summary>Gets the delta a decision adds to each of its lines.</summary>
    public static EntityCounts DecidedDelta => new(1, 0, 0);

    /// <summary>Gets the delta a result adds, given the result it replaces (a correction), if any.</summary>
    /// <param name="previous">The earlier result of the same parcel, or null.</param>
    /// <param name="result">The new result.</param>
    /// <returns>The delta (zero when the result repeats the previous one).</returns>
    public static EntityCounts ResultDelta(InspectionOutcome? previous, InspectionOutcome result)
    {
        var now = new EntityCounts(0, 1, result == InspectionOutcome.Found ? 1 : 0);
        return previous is { } p ? now - new EntityCounts(0, 1, p == InspectionOutcome.Found ? 1 : 0) : now;
    }

    /// <summary>Gets a line (zero when absent).</summary>
    /// <param name="key">The line.</param>
    /// <returns>The counts.</returns>
    public EntityCounts Get(FeedbackKey key) => _lines.GetValueOrDefault(key);

    /// <summary>Counts a decided parcel in each of its lines.</summary>
    /// <param name="parcel">The parcel.</param>
    public void Decided(DecidedParcel parcel)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        foreach (FeedbackKey key in parcel.Keys)
        {
            Add(key, DecidedDelta);
        }
    }

    /// <summary>Counts an inspection result of a decided parcel, replacing <paramref name="previous"/> if it had one.</summary>
    /// <param name="parcel">The parcel.</param>
    /// <param name="previous">Its earlier result, or null.</param>
    /// <param name="result">The result.</param>
    public void Result(DecidedParcel parcel, InspectionOutcome? previous, InspectionOutcome result)
    {
        ArgumentNullException.ThrowIfNull(parcel);
        EntityCounts delta = ResultDelta(previous, result);
        if (delta == default)
        {
            return;
        }

        foreach (FeedbackKey key in parcel.Keys)
        {
            Add(key, delta);
        }
    }

    /// <summary>Adds a delta to a line.</summary>
    /// <param name="key">The line.</param>
    /// <param name="delta">What to add.</param>
    /// <returns>The line's new counts.</returns>
    public EntityCounts Add(FeedbackKey key, EntityCounts delta)
    {
        EntityCounts now = _lines.GetValueOrDefault(key) + delta;
        _lines[key] = now;
        return now;
    }

    /// <summary>Sets a line (when reading statistics back).</summary>
    /// <param name="key">The line.</param>
    /// <param name="counts">Its counts.</param>
    public void Set(FeedbackKey key, EntityCounts counts) => _lines[key] = counts;
}
