using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>The librdkafka calls that resolve and read explicit topic ranges (rdkafka.h): metadata, watermarks, offsets for times.</summary>
internal static unsafe partial class RdKafkaRangeApi
{
    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_new")]
    public static partial nint TopicNew(nint rk, byte* topic, nint conf);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_topic_destroy")]
    public static partial void TopicDestroy(nint rkt);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_metadata")]
    public static partial int Metadata(nint rk, int allTopics, nint onlyTopic, RdKafkaMetadata** metadata, int timeoutMs);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_metadata_destroy")]
    public static partial void MetadataDestroy(RdKafkaMetadata* metadata);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_query_watermark_offsets")]
    public static partial int QueryWatermarkOffsets(nint rk, byte* topic, int partition, long* low, long* high, int timeoutMs);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_offsets_for_times")]
    public static partial int OffsetsForTimes(nint rk, RdKafkaPartitionList* offsets, int timeoutMs);

    [LibraryImport(LibRdKafka.LibraryName, EntryPoint = "rd_kafka_err2str")]
    public static partial byte* ErrorString(int error);

    /// <summary>librdkafka's text for an error code.</summary>
    public static string Describe(int error) => Marshal.PtrToStringUTF8((nint)ErrorString(error)) ?? error.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
