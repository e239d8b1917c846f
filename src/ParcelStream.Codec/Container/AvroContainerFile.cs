using System.Buffers;
using ParcelStream.Codec.Manifest;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>
/// Reads an object container file from a stream in chunks, through one pooled buffer that grows to the largest block:
/// the writer schema at open, then every datum in order with <see cref="TryRead"/>, each a slice of that buffer (no
/// copy, no allocation per datum). Not thread-safe.
/// </summary>
public sealed class AvroContainerFile : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly AvroContainerReader _reader;
    private readonly int _maxBuffer;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private AvroDatumEnumerator _datums;
    private bool _inBlock;
    private long _datumsRead;
    private AvroError _error;
    private string? _errorMessage;
    private bool _disposed;

    private AvroContainerFile(Stream stream, bool leaveOpen, AvroContainerReaderOptions? options)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _reader = new AvroContainerReader(options);
        AvroContainerReaderOptions o = _reader.Options;
        _maxBuffer = Math.Max(o.MaxHeaderBytes, o.MaxBlockBytes + AvroContainerFormat.MaxBlockHeaderLength + AvroContainerFormat.SyncLength);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(o.ReadBufferBytes, _maxBuffer));
    }

    /// <summary>Gets the writer schema.</summary>
    public AvroSchema Schema => _reader.Schema;

    /// <summary>Gets the writer schema JSON as stored in the file.</summary>
    public string SchemaJson => _reader.SchemaJson;

    /// <summary>Gets the block codec.</summary>
    public AvroContainerCodec Codec => _reader.Codec;

    /// <summary>Gets the metadata entries other than <c>avro.schema</c> and <c>avro.codec</c>.</summary>
    public IReadOnlyDictionary<string, byte[]> Metadata => _reader.Metadata;

    /// <summary>Gets the number of datums read so far.</summary>
    public long DatumsRead => _datumsRead;

    /// <summary>Gets the number of blocks read so far.</summary>
    public long BlocksRead => _reader.BlocksRead;

    /// <summary>Gets why reading stopped early (Truncated for a file cut short), or <see cref="AvroError.None"/>.</summary>
    public AvroError Error => _error;

    /// <summary>Gets a sentence describing <see cref="Error"/>, or null.</summary>
    public string? ErrorMessage => _errorMessage;

    /// <summary>Opens a file and reads its header.</summary>
    /// <param name="path">The .avro file.</param>
    /// <param name="options">Limits; <see cref="AvroContainerReaderOptions.Default"/> when null.</param>
    /// <returns>The open file, positioned at the first datum.</returns>
    /// <exception cref="AvroContainerException">The header is corrupt, over a limit or cut short (<see cref="AvroErrorCode.Truncated"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static AvroContainerFile Open(string path, AvroContainerReaderOptions? options = null)
    {
        // Unbuffered: this class reads in large chunks into its own buffer.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Open(stream, options, leaveOpen: false);
    }

    /// <summary>Reads the header of a container file from a stream.</summary>
    /// <param name="stream">The stream, at the first byte of the file.</param>
    /// <param name="options">Limits; <see cref="AvroContainerReaderOptions.Default"/> when null.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open on dispose.</param>
    /// <returns>The open file, positioned at the first datum.</returns>
    /// <exception cref="AvroContainerException">The header is corrupt, over a limit or cut short (<see cref="AvroErrorCode.Truncated"/>).</exception>
    public static AvroContainerFile Open(Stream stream, AvroContainerReaderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = new AvroContainerFile(stream, leaveOpen, options);
        try
        {
            file.ReadHeader();
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Creates (or overwrites) a container file and writes its header.</summary>
    /// <param name="path">The .avro file.</param>
    /// <param name="schemaJson">The writer schema JSON.</param>
    /// <param name="options">Codec, sync marker, block targets; defaults when null.</param>
    /// <returns>The writer; dispose it to write the last block and close the file.</returns>
    /// <exception cref="AvroSchemaException"><paramref name="schemaJson"/> is not a valid Avro schema.</exception>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static AvroContainerWriter Create(string path, string schemaJson, AvroContainerWriterOptions? options = null)
    {
        // Unbuffered: the writer hands whole blocks to the stream.
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            return new AvroContainerWriter(stream, schemaJson, options);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next datum.</summary>
    /// <param name="datum">The encoded datum, a slice of the read buffer: valid until the next call.</param>
    /// <returns>
    /// False at the clean end of the file (<see cref="Error"/> None) or when the file is corrupt or cut short
    /// (<see cref="Error"/> set; Truncated with the offset of the incomplete block).
    /// </returns>
    /// <exception cref="ObjectDisposedException">The file is disposed.</exception>
    public bool TryRead(out ReadOnlyMemory<byte> datum)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_inBlock)
            {
                if (_datums.MoveNext())
                {
                    datum = _datums.Current;
                    _datumsRead++;
                    return true;
                }

                _inBlock = false;
                if (_datums.Error.IsError)
                {
                    AvroError bad = _datums.Error;
                    Fail(bad, $"Datum {_datums.Index} of block {_reader.BlocksRead - 1} does not match the writer schema: {bad.Code} at byte {bad.Offset}.");
                }
            }

            if (_error.IsError || !TryReadNextBlock())
            {
                datum = default;
                return false;
            }
        }
    }

    /// <summary>
    /// Reads the next block as stored, not inflated, for callers that inflate and walk blocks on other threads (with an
    /// <see cref="AvroBlockInflater"/> each); a file is read either with this or with <see cref="TryRead"/>, not both.
    /// </summary>
    /// <param name="block">The block; its data is a slice of the read buffer, valid until the next call.</param>
    /// <returns>
    /// False at the clean end of the file (<see cref="Error"/> None) or when the file is corrupt or cut short
    /// (<see cref="Error"/> set; Truncated with the offset of the incomplete block).
    /// </returns>
    /// <exception cref="ObjectDisposedException">The file is disposed.</exception>
    public bool TryReadStoredBlock(out AvroStoredBlock block)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        block = default;
        while (!_error.IsError)
        {
            ReadOnlySequence<byte> input = Buffered();
            if (_reader.TryReadStoredBlock(ref input, out block, out AvroError error))
            {
                Consumed(input);
                return true;
            }

            if (!TryFillAfter(error))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Creates a manifest decoder for this file's datums (see <see cref="AvroContainerManifests.CreateDecoder"/>).</summary>
    /// <param name="limits">Bounds on each manifest; <see cref="CodecLimits.Default"/> when null.</param>
    /// <returns>The decoder; decode each datum with <see cref="AvroContainerManifests.DecodeDatum"/>.</returns>
    /// <exception cref="AvroSchemaException">The file's schema is not a ParcelManifest the reader schema can resolve.</exception>
    public ManifestDecoder CreateManifestDecoder(CodecLimits? limits = null) => AvroContainerManifests.CreateDecoder(Schema, limits);

    /// <summary>Returns the buffers and closes the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _inBlock = false;
        _reader.Dispose();
        byte[] buffer = _buffer;
        _buffer = [];
        ArrayPool<byte>.Shared.Return(buffer);
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private ReadOnlySequence<byte> Buffered() => new(_buffer, _start, _end - _start);

    private void Consumed(in ReadOnlySequence<byte> rest) => _start = _end - (int)rest.Length;

    private void ReadHeader()
    {
        while (true)
        {
            ReadOnlySequence<byte> input = Buffered();
            if (_reader.TryReadHeader(ref input, out AvroError error))
            {
                Consumed(input);
                return;
            }

            if (error.IsError)
            {
                throw new AvroContainerException(error, _reader.ErrorMessage ?? error.ToString());
            }

            if (!Fill())
            {
                throw new AvroContainerException(new AvroError(AvroErrorCode.Truncated, 0), $"The file ends inside its header ({_end} bytes).");
            }
        }
    }

    private bool TryReadNextBlock()
    {
        while (true)
        {
            ReadOnlySequence<byte> input = Buffered();
            if (_reader.TryReadBlock(ref input, out AvroContainerBlock block, out AvroError error))
            {
                Consumed(input);
                _datums = block.GetEnumerator();
                _inBlock = true;
                return true;
            }

            if (!TryFillAfter(error))
            {
                return false;
            }
        }
    }

    /// <summary>After the reader asked for more: records its error, or reads more of the stream.</summary>
    /// <returns>False on the reader's error, or at the end of the stream (cut short inside a block or cleanly).</returns>
    private bool TryFillAfter(AvroError error)
    {
        if (error.IsError)
        {
            return Fail(error, _reader.ErrorMessage ?? error.ToString());
        }

        if (!Fill())
        {
            // Bytes left over at the end of the stream are a block cut short; none is the clean end.
            return _start != _end
                && Fail(new AvroError(AvroErrorCode.Truncated, _reader.Position), $"The file ends inside the block at offset {_reader.Position}.");
        }

        return true;
    }

    /// <summary>Reads more of the stream; only called between blocks, when no datum handed out is in use any more.</summary>
    /// <returns>False at the end of the stream.</returns>
    private bool Fill()
    {
        if (_endOfStream)
        {
            return false;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Grow();
            }
        }

        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _endOfStream = true;
            return false;
        }

        _end += n;
        return true;
    }

    private void Grow()
    {
        // The reader rejects a header or block over its limit before the buffer has to pass _maxBuffer.
        if (_buffer.Length >= _maxBuffer)
        {
            ThrowHelper.ThrowInvalidOperation("The read buffer is full but the reader asked for more data.");
        }

        byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _maxBuffer));
        _buffer.AsSpan(0, _end).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }

    private bool Fail(AvroError error, string message)
    {
        if (!_error.IsError)
        {
            _error = error;
            _errorMessage = message;
        }

        return false;
    }
}
