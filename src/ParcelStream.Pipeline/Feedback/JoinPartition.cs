using ParcelStream.Codec.Inspections;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Pipeline.Feedback;

/// <summary>
/// The join's state for one partition of the decided and re-keyed results topics (co-partitioned by manifestId):
/// decided manifests with the result applied to them, results still waiting for their decision, and this partition's
/// share of every statistics line with the offsets it includes. Touched only by the join's thread.
/// </summary>
internal sealed class JoinPartition(int partition)
{
    /// <summary>Gets the partition number.</summary>
    public int Partition { get; } = partition;

    /// <summary>Gets decided manifests by manifestId.</summary>
    public Dictionary<string, DecidedEntry> Decided { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets results whose decision has not been seen yet, by manifestId.</summary>
    public Dictionary<string, PendingResult> Pending { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets this partition's share of the statistics lines.</summary>
    public Dictionary<FeedbackKey, StatsLine> Shares { get; set; } = [];

    /// <summary>A decided manifest and the result counted for it, if any.</summary>
    internal sealed class DecidedEntry(DecidedParcel parcel)
    {
        public DecidedParcel Parcel { get; } = parcel;

        public InspectionOutcome? Applied { get; set; }
    }

    /// <summary>A result waiting for its decision.</summary>
    internal readonly record struct PendingResult(InspectionOutcome Result, long InspectedAtMillis);
}
