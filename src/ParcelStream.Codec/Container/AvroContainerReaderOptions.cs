namespace ParcelStream.Codec.Container;

/// <summary>Bounds applied while reading an untrusted object container file; a value over a bound is an error, never an allocation.</summary>
public sealed record AvroContainerReaderOptions
{
    /// <summary>The largest block size any option may allow (1 GiB): pooled arrays stay well under the array size limit.</summary>
    public const int MaxBlockBytesLimit = 1 << 30;

    /// <summary>Gets the default options.</summary>
    public static AvroContainerReaderOptions Default { get; } = new();

    /// <summary>Gets the largest header (magic, metadata, sync marker) accepted, in bytes.</summary>
    public int MaxHeaderBytes { get; init; } = 1024 * 1024;

    /// <summary>Gets the largest block data size accepted, as stored (compressed), in bytes.</summary>
    public int MaxBlockBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Gets the largest block data size accepted once inflated, in bytes.</summary>
    public int MaxDecompressedBlockBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Gets the most datums one block may claim to hold (zero-byte datums would otherwise cost CPU for free).</summary>
    public long MaxBlockDatums { get; init; } = 1 << 24;

    /// <summary>Gets the bounds used when skipping over datums to find where each ends.</summary>
    public CodecLimits Limits { get; init; } = CodecLimits.Default;

    /// <summary>Gets the size of the first read buffer of <see cref="AvroContainerFile"/>; it grows to hold the largest block.</summary>
    public int ReadBufferBytes { get; init; } = 128 * 1024;

    /// <summary>Throws when a bound is not positive or too large.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound is zero, negative or over <see cref="MaxBlockBytesLimit"/>; the message names it.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Limits"/> is null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxHeaderBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHeaderBytes, MaxBlockBytesLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBlockBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBlockBytes, MaxBlockBytesLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDecompressedBlockBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDecompressedBlockBytes, MaxBlockBytesLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBlockDatums);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReadBufferBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReadBufferBytes, MaxBlockBytesLimit);
        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
    }
}
