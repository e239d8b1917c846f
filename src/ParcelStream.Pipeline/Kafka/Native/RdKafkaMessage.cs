using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>rd_kafka_message_t as a delivery report sees it (rdkafka.h layout on 64-bit).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RdKafkaMessage
{
    public int Error;
    public nint Topic;
    public int Partition;
    public nint Payload;
    public nuint Length;
    public nint Key;
    public nuint KeyLength;
    public long Offset;
    public nint Private;
}
