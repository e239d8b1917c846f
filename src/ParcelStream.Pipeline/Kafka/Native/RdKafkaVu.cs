using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>rd_kafka_vu_t: one typed argument of rd_kafka_produceva (a 4-byte type, then a 64-byte union at offset 8).</summary>
[StructLayout(LayoutKind.Explicit, Size = 72)]
internal struct RdKafkaVu
{
    public const int End = 0;
    public const int Topic = 1;
    public const int TopicHandle = 2;
    public const int Partition = 3;
    public const int Value = 4;
    public const int Key = 5;
    public const int Opaque = 6;
    public const int MsgFlags = 7;
    public const int Timestamp = 8;
    public const int Header = 9;

    [FieldOffset(0)]
    public int Type;

    [FieldOffset(8)]
    public nint A;

    [FieldOffset(16)]
    public nint B;

    [FieldOffset(24)]
    public nint C;

    public static RdKafkaVu Of(int type, nint a, nint b = 0, nint c = 0) => new() { Type = type, A = a, B = b, C = c };
}
