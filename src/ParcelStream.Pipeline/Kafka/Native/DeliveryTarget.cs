namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>Receives a <see cref="NativeProducer"/>'s delivery reports and client errors, on its poll thread.</summary>
internal abstract class DeliveryTarget
{
    /// <summary>Records were delivered (error 0) or finally failed; the span is valid only during the call.</summary>
    public abstract void OnDeliveries(ReadOnlySpan<DeliveredRecord> records);

    /// <summary>A client-level error (most are transient and retried by librdkafka; fatal ones end the producer).</summary>
    public abstract void OnError(int error, string reason);
}
