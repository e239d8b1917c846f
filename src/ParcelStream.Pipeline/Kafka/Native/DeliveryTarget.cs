namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>Receives a <see cref="NativeProducer"/>'s delivery reports and client errors, on its poll thread.</summary>
internal abstract class DeliveryTarget
{
    /// <summary>One record was delivered (error 0) or finally failed.</summary>
    public abstract void OnDelivery(long opaque, int error, int partition, long offset);

    /// <summary>A client-level error (most are transient and retried by librdkafka; fatal ones end the producer).</summary>
    public abstract void OnError(int error, string reason);
}
