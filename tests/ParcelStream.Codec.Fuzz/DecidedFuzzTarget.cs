using ParcelStream.Pipeline.Feedback;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// The decided-record reader (the feedback join restores its store from the decided topic with it): it must never
/// throw, and a record read must be complete (an outcome in range, no null list).
/// </summary>
public static class DecidedFuzzTarget
{
    /// <summary>Reads <paramref name="input"/> as a decided record.</summary>
    /// <param name="input">Any bytes.</param>
    /// <exception cref="InvalidOperationException">The reader broke an invariant (a finding, like any other exception).</exception>
    public static void Run(ReadOnlySpan<byte> input)
    {
        bool read = DecidedRecord.TryRead(input, out DecidedParcel? parcel);
        if (read != parcel is not null)
        {
            FuzzCheck.Fail($"TryRead returned {read} with a parcel {(parcel is null ? "missing" : "present")}");
        }

        if (parcel is null)
        {
            return;
        }

        if (!Enum.IsDefined(parcel.Outcome) || parcel.RuleIds is null || parcel.ManifestId is null || parcel.SellerId is null)
        {
            FuzzCheck.Fail($"an incomplete parcel was read: {parcel}");
        }

        if (parcel.RuleIds.Distinct(StringComparer.Ordinal).Count() != parcel.RuleIds.Count)
        {
            FuzzCheck.Fail("a rule is counted twice in one parcel");
        }

        foreach (FeedbackKey key in parcel.Keys)
        {
            _ = key.ToString();
        }
    }
}
