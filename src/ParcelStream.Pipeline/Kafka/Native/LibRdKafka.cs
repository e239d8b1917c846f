using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka's client API that Confluent.Kafka does not wrap: configuration
/// checks and a bare client handle. <see cref="LibRdKafkaResolver"/> maps <see cref="LibraryName"/> to the file
/// Confluent.Kafka itself loaded.
/// </summary>
internal static partial class LibRdKafka
{
    public const string LibraryName = "librdkafka";

    /// <summary>rd_kafka_type_t RD_KAFKA_PRODUCER.</summary>
    public const int ProducerType = 0;

    /// <summary>rd_kafka_conf_res_t RD_KAFKA_CONF_OK.</summary>
    public const int ConfOk = 0;

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_new")]
    public static partial nint ConfNew();

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(nint conf);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_new")]
    public static unsafe partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_err2name")]
    public static partial nint ErrorName(int err);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_name")]
    public static partial nint Name(nint rk);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_set_log_cb")]
    public static unsafe partial void ConfSetLogCallback(nint conf, delegate* unmanaged<nint, int, byte*, byte*, void> callback);
}
