using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>
/// Reads an Avro object container file incrementally from whatever bytes have arrived (a <see cref="ReadOnlySequence{T}"/>
/// from a PipeReader, or a buffer filled from a stream): first <see cref="TryReadHeader"/>, then
/// <see cref="TryReadBlock"/> until the input ends. Each call either consumes one whole item and returns true, or
/// returns false and consumes nothing: with no error when more data is needed, with an error (code and absolute
/// offset, sticky) when the input is corrupt or over a limit. Nothing is allocated in proportion to a length read
/// from the file. Not thread-safe.
/// </summary>
public sealed partial class AvroContainerReader : IDisposable
{
    private readonly AvroContainerReaderOptions _options;
    private readonly byte[] _sync = new byte[AvroContainerFormat.SyncLength];
    private PooledBufferWriter? _scratch;
    private AvroBlockInflater? _inflater;
    private AvroSchema? _schema;
    private string? _schemaJson;
    private IReadOnlyDictionary<string, byte[]> _metadata = new Dictionary<string, byte[]>();
    private AvroContainerCodec _codec;
    private long _position;
    private long _blocksRead;
    private AvroError _error;
    private string? _errorMessage;
    private bool _disposed;

    /// <summary>Initializes a reader positioned at the start of a file.</summary>
    /// <param name="options">Limits; <see cref="AvroContainerReaderOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public AvroContainerReader(AvroContainerReaderOptions? options = null)
    {
        _options = options ?? AvroContainerReaderOptions.Default;
        _options.Validate();
    }

    /// <summary>Gets the options in force.</summary>
    public AvroContainerReaderOptions Options => _options;

    /// <summary>Gets a value indicating whether the header has been read.</summary>
    public bool HasHeader => _schema is not null;

    /// <summary>Gets the writer schema, parsed from <c>avro.schema</c>.</summary>
    /// <exception cref="InvalidOperationException">The header has not been read.</exception>
    public AvroSchema Schema => _schema ?? ThrowNoHeader<AvroSchema>();

    /// <summary>Gets the writer schema JSON as stored in the file.</summary>
    /// <exception cref="InvalidOperationException">The header has not been read.</exception>
    public string SchemaJson => _schemaJson ?? ThrowNoHeader<string>();

    /// <summary>Gets the block codec (<see cref="AvroContainerCodec.Null"/> when the file names none).</summary>
    public AvroContainerCodec Codec => _codec;

    /// <summary>Gets the sync marker (zeros until the header is read).</summary>
    public ReadOnlySpan<byte> SyncMarker => _sync;

    /// <summary>Gets the metadata entries other than <c>avro.schema</c> and <c>avro.codec</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Metadata => _metadata;

    /// <summary>Gets the absolute file offset of the next byte to read: the input passed next must start there.</summary>
    public long Position => _position;

    /// <summary>Gets the number of blocks read.</summary>
    public long BlocksRead => _blocksRead;

    /// <summary>Gets the first error found, or <see cref="AvroError.None"/>; once set, every call returns it.</summary>
    public AvroError Error => _error;

    /// <summary>Gets a sentence describing <see cref="Error"/> (naming e.g. the unknown codec), or null.</summary>
    public string? ErrorMessage => _errorMessage;

    /// <summary>Reads the header: magic, metadata (schema and codec) and sync marker.</summary>
    /// <param name="input">The file from its first byte; advanced past the header when it is read.</param>
    /// <param name="error">The error when the header is corrupt or too large, else <see cref="AvroError.None"/>.</param>
    /// <returns>True when the header was read; false when more data is needed (<paramref name="error"/> None, input untouched) or on error.</returns>
    /// <exception cref="InvalidOperationException">The header was already read.</exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public bool TryReadHeader(ref ReadOnlySequence<byte> input, out AvroError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_schema is not null)
        {
            ThrowHelper.ThrowInvalidOperation("The header has already been read.");
        }

        if (!_error.IsError)
        {
            // Look at no more than the limit, so that a header over it fails the same way however the input arrives.
            int available = (int)Math.Min(input.Length, _options.MaxHeaderBytes);
            ReadOnlySpan<byte> span = input.FirstSpan.Length >= available ? input.FirstSpan.Slice(0, available) : CopyToScratch(input.Slice(0, available)).Span;
            if (TryParseHeader(span, out int length))
            {
                input = input.Slice(length);
                _position = length;
                error = default;
                return true;
            }

            if (!_error.IsError && available == _options.MaxHeaderBytes)
            {
                Fail(AvroErrorCode.MessageTooLarge, 0, $"The file header is larger than MaxHeaderBytes ({_options.MaxHeaderBytes}).");
            }
        }

        error = _error;
        return false;
    }

    /// <summary>Reads the next block: its object count, byte size, data (inflated when compressed) and sync marker.</summary>
    /// <param name="input">The file from <see cref="Position"/>; advanced past the block when it is read.</param>
    /// <param name="block">The block; its data is valid until the next call (see <see cref="AvroContainerBlock"/>).</param>
    /// <param name="error">The error when the block is corrupt or over a limit, else <see cref="AvroError.None"/>.</param>
    /// <returns>
    /// True when a block was read; false when more data is needed (<paramref name="error"/> None, input untouched; an
    /// empty input at this point is the clean end of the file) or on error.
    /// </returns>
    /// <exception cref="InvalidOperationException">The header has not been read.</exception>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public bool TryReadBlock(ref ReadOnlySequence<byte> input, out AvroContainerBlock block, out AvroError error)
    {
        block = default;
        ReadOnlySequence<byte> rest = input;
        if (!TryReadStoredBlock(ref rest, out AvroStoredBlock stored, out error))
        {
            return false;
        }

        ReadOnlyMemory<byte> data = stored.Data;
        if (_codec == AvroContainerCodec.Deflate)
        {
            // A block that does not inflate is an error, which is sticky: that the position has moved past it no longer matters.
            AvroBlockInflater inflater = _inflater ??= new AvroBlockInflater(_options.MaxDecompressedBlockBytes);
            if (!inflater.TryInflate(new ReadOnlySequence<byte>(data), stored.DataOffset, out ArraySegment<byte> inflated, out AvroError bad, out string? message))
            {
                Fail(bad.Code, bad.Offset, message!);
                error = _error;
                return false;
            }

            data = inflated;
        }

        block = new AvroContainerBlock(data, stored.Count, stored.Offset, stored.DataOffset, _codec != AvroContainerCodec.Null, _schema!, _options.Limits);
        input = rest;
        return true;
    }

    /// <summary>
    /// Reads the next block as stored, not inflated, checking its framing and sync marker like <see cref="TryReadBlock"/>:
    /// for callers that inflate and walk blocks on other threads (with an <see cref="AvroBlockInflater"/> each). Its data
    /// is valid until the next call and, when it lay in one segment, only while the caller keeps the input memory.
    /// </summary>
    /// <param name="input">Advanced past the block when it is read.</param>
    /// <param name="block">The block's stored data, count and offsets.</param>
    /// <param name="error">Why the block is rejected, else None.</param>
    /// <returns>False when more data is needed (<paramref name="error"/> None, input untouched) or on error.</returns>
    /// <exception cref="InvalidOperationException">No header read yet.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public bool TryReadStoredBlock(ref ReadOnlySequence<byte> input, out AvroStoredBlock block, out AvroError error)
    {
        block = default;
        if (!TryFrameBlock(input, out long count, out int headLength, out long size))
        {
            error = _error;
            return false;
        }

        block = new AvroStoredBlock(Contiguous(input.Slice(headLength, size)), count, _position, _position + headLength);
        Consume(ref input, headLength + size);
        error = default;
        return true;
    }

    /// <summary>Returns the pooled buffers; blocks read before are no longer valid.</summary>
    public void Dispose()
    {
        _disposed = true;
        _scratch?.Dispose();
        _scratch = null;
        _inflater?.Dispose();
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T ThrowNoHeader<T>() => throw new InvalidOperationException("The container header has not been read: call TryReadHeader first.");

    /// <summary>Records the first error; the message is built only on this path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Fail(AvroErrorCode code, long offset, string message)
    {
        if (!_error.IsError)
        {
            _error = new AvroError(code, offset);
            _errorMessage = message;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Fail(AvroError error, string what) => Fail(error.Code, error.Offset, $"{what}: {error.Code} at byte {error.Offset}.");

    /// <summary>Only data split across segments is copied; data in a single segment is handed out where it lies.</summary>
    private ReadOnlyMemory<byte> Contiguous(in ReadOnlySequence<byte> data) => data.IsSingleSegment ? data.First : CopyToScratch(data);

    private ReadOnlyMemory<byte> CopyToScratch(in ReadOnlySequence<byte> data)
    {
        PooledBufferWriter scratch = _scratch ??= new PooledBufferWriter((int)Math.Min(data.Length, int.MaxValue));
        scratch.Truncate(0);
        int length = (int)data.Length;
        data.CopyTo(scratch.GetSpan(length));
        scratch.Advance(length);
        return scratch.WrittenMemory;
    }

    private bool SyncMatches(in ReadOnlySequence<byte> sync)
    {
        if (sync.IsSingleSegment)
        {
            return sync.FirstSpan.SequenceEqual(_sync);
        }

        Span<byte> copy = stackalloc byte[AvroContainerFormat.SyncLength];
        sync.CopyTo(copy);
        return copy.SequenceEqual(_sync);
    }
}
