using ParcelStream.Codec.Decisions;

namespace ParcelStream.Rules.Stateful;

/// <summary>Where the stateful checks send an amendment of an earlier parcel's decision (the worker: the HOLD topic).</summary>
public interface IAmendmentSink
{
    /// <summary>Publishes one amendment; <paramref name="amendment"/> is reused after the call returns.</summary>
    /// <param name="amendment">A decision of kind AMENDMENT for an earlier manifest.</param>
    void Publish(CustomsDecision amendment);
}
