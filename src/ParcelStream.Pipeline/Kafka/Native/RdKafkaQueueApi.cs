using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// librdkafka's queue and event calls (rdkafka.h): many records per call, so that the worker crosses into native code
/// once per batch of records or delivery reports instead of once per record.
/// </summary>
internal static unsafe partial class RdKafkaQueueApi
{
    /// <summary>RD_KAFKA_EVENT_DR: delivery reports arrive as events on the main queue, in batches.</summary>
    public const int EventDeliveryReport = 0x1;

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_conf_set_events")]
    public static partial void ConfSetEvents(nint conf, int events);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_queue_get_main")]
    public static partial nint GetMain(nint rk);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_queue_get_consumer")]
    public static partial nint GetConsumer(nint rk);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_queue_destroy")]
    public static partial void Destroy(nint queue);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_consume_batch_queue")]
    public static partial nint ConsumeBatch(nint queue, int timeoutMs, RdKafkaMessage** messages, nuint size);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_queue_poll")]
    public static partial nint Poll(nint queue, int timeoutMs);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_event_type")]
    public static partial int EventType(nint ev);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_event_message_array")]
    public static partial nuint EventMessages(nint ev, RdKafkaMessage** messages, nuint size);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_event_destroy")]
    public static partial void EventDestroy(nint ev);
}
