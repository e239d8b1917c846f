namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>A record header for <see cref="NativeProducer.Produce"/>: pointers to memory the caller keeps pinned for the call.</summary>
internal readonly unsafe struct HeaderRef(byte* name, byte* value, int length)
{
    /// <summary>The most headers one record may carry on this path.</summary>
    public const int MaxHeaders = 64;

    public byte* Name { get; } = name;

    public byte* Value { get; } = value;

    public int Length { get; } = length;
}
