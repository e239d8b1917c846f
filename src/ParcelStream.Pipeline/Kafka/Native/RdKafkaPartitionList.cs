using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>rd_kafka_topic_partition_list_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RdKafkaPartitionList
{
    public int Count;
    public int Size;
    public RdKafkaTopicPartition* Elements;
}

/// <summary>rd_kafka_topic_partition_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RdKafkaTopicPartition
{
    public byte* Topic;
    public int Partition;
    public long Offset;
    public nint Metadata;
    public nuint MetadataSize;
    public nint Opaque;
    public int Error;
    public nint Private;
}
