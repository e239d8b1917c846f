using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Stateful;

namespace ParcelStream.Pipeline.Worker;

/// <content>What the stateful checks of one record produce.</content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    /// <summary>
    /// The stateful checks' sink for one consumed record: its store changes and amendments are produced by its lane and
    /// counted in the record's deliveries, so that its offset is committed only once they are on the broker.
    /// </summary>
    /// <param name="lane">The lane that owns the record's partition.</param>
    /// <param name="slot">The record.</param>
    private readonly struct RecordSink(Lane lane, MessageSlot slot) : IStatefulSink
    {
        public void Append(string topic, int partition, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool tombstone) =>
            lane.AppendChange(slot, topic, partition, key, value, tombstone);

        public void Publish(CustomsDecision amendment) => lane.PublishAmendment(slot, amendment);
    }
}
