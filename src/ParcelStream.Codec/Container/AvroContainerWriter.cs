using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>
/// Writes an Avro object container file: the header at construction, then datums gathered into blocks in a pooled
/// buffer, each block written out (deflated when asked) once it reaches the size or count target, on
/// <see cref="Flush"/> and on dispose. Writing a datum allocates nothing. Not thread-safe.
/// </summary>
public sealed class AvroContainerWriter : IDisposable, IAsyncDisposable
{
    // Room left in front of block data for the two varints, so that a block goes out in one write without a copy.
    private const int Prefix = AvroContainerFormat.MaxBlockHeaderLength;
    private const int NoOpenDatum = -1;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly AvroContainerCodec _codec;
    private readonly CompressionLevel _level;
    private readonly byte[] _sync;
    private readonly int _blockBytes;
    private readonly int _blockDatums;
    private readonly PooledBufferWriter _block;
    private readonly ArrayBufferWriter<byte> _blockHead = new(AvroContainerFormat.MaxBlockHeaderLength);
    private PooledBufferWriter? _compressed;
    private BufferWriterStream? _compressedStream;
    private int _count;
    private int _openDatumStart = NoOpenDatum;
    private long _datumsWritten;
    private long _blocksWritten;
    private long _bytesWritten;
    private bool _disposed;

    /// <summary>Initializes a writer and writes the file header to <paramref name="stream"/>.</summary>
    /// <param name="stream">Where the file goes; written from its current position.</param>
    /// <param name="schemaJson">The writer schema JSON, stored as <c>avro.schema</c>.</param>
    /// <param name="options">Codec, sync marker, block targets; <see cref="AvroContainerWriterOptions.Default"/> when null.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <exception cref="AvroSchemaException"><paramref name="schemaJson"/> is not a valid Avro schema.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or the stream cannot be written.</exception>
    public AvroContainerWriter(Stream stream, string schemaJson, AvroContainerWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schemaJson);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written.", nameof(stream));
        }

        options ??= AvroContainerWriterOptions.Default;
        options.Validate();
        Schema = AvroSchemaParser.Parse(schemaJson);
        SchemaFingerprint = Schema.Fingerprint();
        _stream = stream;
        _leaveOpen = leaveOpen;
        _codec = options.Codec;
        _level = options.CompressionLevel;
        _blockBytes = options.BlockBytes;
        _blockDatums = options.BlockDatums;
        _sync = new byte[AvroContainerFormat.SyncLength];
        if (options.SyncMarker is null)
        {
            RandomNumberGenerator.Fill(_sync);
        }
        else
        {
            options.SyncMarker.CopyTo(_sync, 0);
        }

        _block = new PooledBufferWriter(Prefix + _blockBytes + (_blockBytes / 4));
        WriteHeader(schemaJson, options.Metadata);
        _block.Truncate(Prefix);
    }

    /// <summary>Gets the parsed writer schema.</summary>
    public AvroSchema Schema { get; }

    /// <summary>Gets the CRC-64-AVRO fingerprint of the writer schema.</summary>
    public ulong SchemaFingerprint { get; }

    /// <summary>Gets the codec the blocks are written with.</summary>
    public AvroContainerCodec Codec => _codec;

    /// <summary>Gets the sync marker that ends every block.</summary>
    public ReadOnlySpan<byte> SyncMarker => _sync;

    /// <summary>Gets the number of datums committed so far, written out or still in the current block.</summary>
    public long DatumsWritten => _datumsWritten;

    /// <summary>Gets the number of blocks written to the stream.</summary>
    public long BlocksWritten => _blocksWritten;

    /// <summary>Gets the number of bytes written to the stream (header and whole blocks).</summary>
    public long BytesWritten => _bytesWritten;

    /// <summary>Appends a datum that is already encoded with the file's schema.</summary>
    /// <param name="datum">The encoded datum.</param>
    /// <exception cref="InvalidOperationException">A datum opened with <see cref="BeginDatum"/> is not committed.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void WriteDatum(ReadOnlySpan<byte> datum)
    {
        EnsureNoOpenDatum();
        _block.Write(datum);
        Committed();
    }

    /// <summary>Encodes a datum straight into the block buffer.</summary>
    /// <typeparam name="T">A struct that writes the datum; passed by value.</typeparam>
    /// <param name="source">The datum source.</param>
    /// <exception cref="InvalidOperationException">A datum opened with <see cref="BeginDatum"/> is not committed.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void WriteDatum<T>(T source)
        where T : struct, IDatumSource
    {
        EnsureNoOpenDatum();
        int start = _block.WrittenCount;
        var writer = new AvroWriter(_block);
        try
        {
            source.Write(ref writer);
            writer.Flush();
        }
        catch
        {
            // A source that throws half-way must not leave a partial datum in the block.
            _block.Truncate(start);
            throw;
        }

        Committed();
    }

    /// <summary>Opens a datum: write its encoded bytes to the returned buffer, then call <see cref="CommitDatum"/>.</summary>
    /// <returns>The block buffer, valid until <see cref="CommitDatum"/>.</returns>
    /// <exception cref="InvalidOperationException">A datum is already open.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public IBufferWriter<byte> BeginDatum()
    {
        EnsureNoOpenDatum();
        _openDatumStart = _block.WrittenCount;
        return _block;
    }

    /// <summary>Commits the datum opened with <see cref="BeginDatum"/>; writes the block out when it reached its target.</summary>
    /// <exception cref="InvalidOperationException">No datum is open.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void CommitDatum()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_openDatumStart == NoOpenDatum)
        {
            ThrowHelper.ThrowInvalidOperation("No datum is open: call BeginDatum first.");
        }

        _openDatumStart = NoOpenDatum;
        Committed();
    }

    /// <summary>Writes the pending datums as a block (if any) and flushes the stream.</summary>
    /// <exception cref="InvalidOperationException">A datum opened with <see cref="BeginDatum"/> is not committed.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Flush()
    {
        EnsureNoOpenDatum();
        WriteBlock();
        _stream.Flush();
    }

    /// <summary>Writes the pending datums as a block (if any) and flushes the stream, asynchronously.</summary>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the stream is flushed.</returns>
    /// <exception cref="InvalidOperationException">A datum opened with <see cref="BeginDatum"/> is not committed.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        EnsureNoOpenDatum();
        await WriteBlockAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the pending datums (an uncommitted datum is dropped), flushes, returns the buffers and closes the stream unless left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            DropOpenDatum();
            WriteBlock();
            _stream.Flush();
        }
        finally
        {
            Release();
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    /// <summary>Writes the pending datums (an uncommitted datum is dropped), flushes, returns the buffers and closes the stream unless left open.</summary>
    /// <returns>A task that completes when the stream is flushed and closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            DropOpenDatum();
            await WriteBlockAsync(CancellationToken.None).ConfigureAwait(false);
            await _stream.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            Release();
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Committed()
    {
        _count++;
        _datumsWritten++;
        if (_block.WrittenCount - Prefix >= _blockBytes || _count >= _blockDatums)
        {
            WriteBlock();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureNoOpenDatum()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_openDatumStart != NoOpenDatum)
        {
            ThrowHelper.ThrowInvalidOperation("A datum opened with BeginDatum has not been committed.");
        }
    }

    private void DropOpenDatum()
    {
        if (_openDatumStart != NoOpenDatum)
        {
            _block.Truncate(_openDatumStart);
            _openDatumStart = NoOpenDatum;
        }
    }

    private void WriteHeader(string schemaJson, IReadOnlyDictionary<string, byte[]>? metadata)
    {
        var w = new AvroWriter(_block);
        w.WriteRaw(AvroContainerFormat.Magic);
        w.WriteBlockStart(2 + (metadata?.Count ?? 0));
        w.WriteString(AvroContainerFormat.SchemaKey);
        w.WriteString(schemaJson.AsSpan());
        w.WriteString(AvroContainerFormat.CodecKey);
        w.WriteBytes(AvroContainerFormat.CodecName(_codec));
        if (metadata is not null)
        {
            // Sorted, so that the same options give the same bytes whatever the dictionary's order.
            foreach (KeyValuePair<string, byte[]> entry in metadata.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WriteString(entry.Key.AsSpan());
                w.WriteBytes(entry.Value);
            }
        }

        w.WriteBlockEnd();
        w.WriteRaw(_sync);
        w.Flush();
        _stream.Write(_block.WrittenSpan);
        _bytesWritten += _block.WrittenCount;
    }

    private void WriteBlock()
    {
        if (_count == 0)
        {
            return;
        }

        ReadOnlyMemory<byte> frame = FrameBlock();
        _stream.Write(frame.Span);
        BlockWritten(frame.Length);
    }

    private async ValueTask WriteBlockAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        ReadOnlyMemory<byte> frame = FrameBlock();
        await _stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        BlockWritten(frame.Length);
    }

    /// <summary>Compresses the block when asked, puts the count and size in front of the data and the sync marker after it.</summary>
    private ReadOnlyMemory<byte> FrameBlock()
    {
        PooledBufferWriter payload = _block;
        if (_codec == AvroContainerCodec.Deflate)
        {
            payload = Deflate();
        }

        int size = payload.WrittenCount - Prefix;
        payload.Write(_sync);
        _blockHead.ResetWrittenCount();
        var head = new AvroWriter(_blockHead);
        head.WriteLong(_count);
        head.WriteLong(size);
        head.Flush();
        int start = Prefix - _blockHead.WrittenCount;
        _blockHead.WrittenSpan.CopyTo(payload.Array.AsSpan(start));
        return new ReadOnlyMemory<byte>(payload.Array, start, payload.WrittenCount - start);
    }

    private PooledBufferWriter Deflate()
    {
        _compressed ??= new PooledBufferWriter(_block.Capacity);
        _compressedStream ??= new BufferWriterStream(_compressed);
        _compressed.Truncate(Prefix);
        using (var deflate = new DeflateStream(_compressedStream, _level, leaveOpen: true))
        {
            deflate.Write(_block.WrittenSpan.Slice(Prefix));
        }

        return _compressed;
    }

    private void BlockWritten(int frameLength)
    {
        _bytesWritten += frameLength;
        _blocksWritten++;
        _count = 0;
        _block.Truncate(Prefix);
    }

    private void Release()
    {
        _disposed = true;
        _block.Dispose();
        _compressed?.Dispose();
        _compressedStream?.Dispose();
    }
}
