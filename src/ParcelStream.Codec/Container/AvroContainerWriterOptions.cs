using System.IO.Compression;

namespace ParcelStream.Codec.Container;

/// <summary>How an <see cref="AvroContainerWriter"/> lays out and compresses its blocks.</summary>
public sealed record AvroContainerWriterOptions
{
    /// <summary>Gets the default options: no compression, random sync marker, 64 KiB blocks.</summary>
    public static AvroContainerWriterOptions Default { get; } = new();

    /// <summary>Gets the block codec.</summary>
    public AvroContainerCodec Codec { get; init; } = AvroContainerCodec.Null;

    /// <summary>Gets the deflate level (deflate codec only).</summary>
    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Gets the 16-byte sync marker; null draws a random one (supply one for byte-identical output).</summary>
    public byte[]? SyncMarker { get; init; }

    /// <summary>Gets the uncompressed size in bytes at which a block is written out.</summary>
    public int BlockBytes { get; init; } = 64 * 1024;

    /// <summary>Gets the number of datums at which a block is written out, whatever its size.</summary>
    public int BlockDatums { get; init; } = 1 << 20;

    /// <summary>Gets extra file metadata; keys must not start with the reserved "avro." prefix.</summary>
    public IReadOnlyDictionary<string, byte[]>? Metadata { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the codec or level is undefined.</exception>
    /// <exception cref="ArgumentException">The sync marker is not 16 bytes, or a metadata key is reserved.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(Codec), Codec, "Unknown codec.");
        }

        if (!Enum.IsDefined(CompressionLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel, "Unknown compression level.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BlockBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BlockBytes, AvroContainerReaderOptions.MaxBlockBytesLimit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BlockDatums);
        if (SyncMarker is not null && SyncMarker.Length != AvroContainerFormat.SyncLength)
        {
            throw new ArgumentException($"The sync marker must be {AvroContainerFormat.SyncLength} bytes, not {SyncMarker.Length}.", nameof(SyncMarker));
        }

        foreach (KeyValuePair<string, byte[]> entry in Metadata ?? new Dictionary<string, byte[]>())
        {
            if (entry.Key.StartsWith(AvroContainerFormat.ReservedPrefix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Metadata key '{entry.Key}' is reserved by the Avro specification.", nameof(Metadata));
            }

            ArgumentNullException.ThrowIfNull(entry.Value, nameof(Metadata));
        }
    }
}
