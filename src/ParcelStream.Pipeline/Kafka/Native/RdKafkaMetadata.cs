using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>struct rd_kafka_metadata (the leading fields this code reads).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RdKafkaMetadata
{
    public int BrokerCount;
    public nint Brokers;
    public int TopicCount;
    public RdKafkaMetadataTopic* Topics;
}

/// <summary>struct rd_kafka_metadata_topic.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RdKafkaMetadataTopic
{
    public byte* Topic;
    public int PartitionCount;
    public nint Partitions;
    public int Error;
}
