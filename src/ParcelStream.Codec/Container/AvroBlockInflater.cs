using System.Buffers;
using System.IO.Compression;

namespace ParcelStream.Codec.Container;

/// <summary>
/// Inflates the deflate data of container blocks into one pooled buffer that grows with what actually comes out, never
/// past a limit, and is reused from block to block. Not thread-safe: one per reading thread.
/// </summary>
public sealed class AvroBlockInflater : IDisposable
{
    // What a block usually inflates to at first, so that small blocks do not grow the buffer several times.
    private const int MinInflateBytes = 64 * 1024;
    private const int ExpectedRatio = 4;

    private readonly int _maxBytes;
    private readonly SequenceStream _source = new();
    private PooledBufferWriter? _buffer;
    private bool _disposed;

    /// <summary>Initializes an inflater.</summary>
    /// <param name="maxBytes">The most bytes a block may inflate to (<see cref="AvroContainerReaderOptions.MaxDecompressedBlockBytes"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is not positive.</exception>
    public AvroBlockInflater(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _maxBytes = maxBytes;
    }

    /// <summary>Inflates one block's stored data.</summary>
    /// <param name="compressed">The block's stored (deflate) data.</param>
    /// <param name="dataOffset">The absolute file offset of <paramref name="compressed"/>, for the error.</param>
    /// <param name="data">The inflated data, in an array from index 0; valid until the next call.</param>
    /// <param name="error">Why inflating failed, else <see cref="AvroError.None"/>.</param>
    /// <param name="message">A sentence describing <paramref name="error"/>, or null.</param>
    /// <returns>False when the data is not valid deflate data or inflates beyond the limit.</returns>
    /// <exception cref="ObjectDisposedException">The inflater is disposed.</exception>
    public bool TryInflate(in ReadOnlySequence<byte> compressed, long dataOffset, out ArraySegment<byte> data, out AvroError error, out string? message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        data = default;
        error = default;
        message = null;
        int max = _maxBytes;
        PooledBufferWriter buffer = _buffer ??= new PooledBufferWriter(Math.Min(max, MinInflateBytes));
        buffer.Truncate(0);
        buffer.EnsureCapacity((int)Math.Min(max, Math.Max(compressed.Length * ExpectedRatio, MinInflateBytes)));
        _source.Reset(compressed);
        Span<byte> probe = stackalloc byte[1];
        try
        {
            using var deflate = new DeflateStream(_source, CompressionMode.Decompress, leaveOpen: true);
            while (true)
            {
                int limit = Math.Min(buffer.Capacity, max);
                if (buffer.WrittenCount == limit)
                {
                    if (limit == max)
                    {
                        // Full at the limit: one more byte means the block inflates beyond it.
                        if (deflate.Read(probe) > 0)
                        {
                            error = new AvroError(AvroErrorCode.MessageTooLarge, dataOffset);
                            message = $"The block data at offset {dataOffset} inflates beyond MaxDecompressedBlockBytes ({max}).";
                            return false;
                        }

                        break;
                    }

                    buffer.EnsureCapacity((int)Math.Min((long)buffer.Capacity * 2, max));
                    continue;
                }

                int n = deflate.Read(buffer.Array.AsSpan(buffer.WrittenCount, limit - buffer.WrittenCount));
                if (n == 0)
                {
                    break;
                }

                buffer.Advance(n);
            }
        }
        catch (InvalidDataException ex)
        {
            error = new AvroError(AvroErrorCode.InvalidContainer, dataOffset);
            message = $"The block data at offset {dataOffset} is not valid deflate data: {ex.Message}";
            return false;
        }
        finally
        {
            _source.Reset(default);
        }

        data = new ArraySegment<byte>(buffer.Array, 0, buffer.WrittenCount);
        return true;
    }

    /// <summary>Returns the pooled buffer; data handed out before is no longer valid.</summary>
    public void Dispose()
    {
        _disposed = true;
        _buffer?.Dispose();
        _buffer = null;
        _source.Dispose();
    }
}
