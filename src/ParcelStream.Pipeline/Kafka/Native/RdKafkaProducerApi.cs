using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// The librdkafka producer calls the worker's fast path uses directly (rdkafka.h), so that publishing a decision costs
/// no managed allocation: the payload is copied by librdkafka (RD_KAFKA_MSG_F_COPY) straight from a pinned span.
/// </summary>
internal static unsafe partial class RdKafkaProducerApi
{
    /// <summary>RD_KAFKA_MSG_F_COPY: librdkafka copies key, value and headers before produceva returns.</summary>
    public const int MsgFlagCopy = 0x2;

    /// <summary>RD_KAFKA_MSG_F_BLOCK: block (not fail) while the producer queue is full: backpressure.</summary>
    public const int MsgFlagBlock = 0x4;

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_conf_set_error_cb")]
    public static partial void ConfSetErrorCallback(nint conf, delegate* unmanaged<nint, int, byte*, nint, void> callback);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_conf_set_opaque")]
    public static partial void ConfSetOpaque(nint conf, nint opaque);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_new", StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint TopicNew(nint rk, string topic, nint conf);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_destroy")]
    public static partial void TopicDestroy(nint topic);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_produceva")]
    public static partial nint ProduceVa(nint rk, RdKafkaVu* vus, nuint count);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_error_code")]
    public static partial int ErrorCode(nint error);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_error_destroy")]
    public static partial void ErrorDestroy(nint error);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_flush")]
    public static partial int Flush(nint rk, int timeoutMs);
}
