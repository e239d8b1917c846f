namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>One delivery report: the opaque the record was produced with, and 0 or the librdkafka error.</summary>
internal readonly record struct DeliveredRecord(long Opaque, int Error);
