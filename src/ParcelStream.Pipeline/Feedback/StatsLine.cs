using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>One partition's share of a statistics line, with the last input offsets it includes.</summary>
/// <param name="Counts">The counts.</param>
/// <param name="DecidedOffset">Last decided-topic offset of the partition counted in (-1 for none).</param>
/// <param name="ResultOffset">Last result-topic offset of the partition counted in (-1 for none).</param>
internal readonly record struct StatsLine(EntityCounts Counts, long DecidedOffset, long ResultOffset)
{
    /// <summary>Gets an empty line.</summary>
    public static StatsLine Empty => new(default, -1, -1);
}
