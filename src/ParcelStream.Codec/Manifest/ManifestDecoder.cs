using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ParcelStream.Codec.Manifest.Plan;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Manifest;

/// <summary>
/// Decodes framed manifest messages into a reusable <see cref="ManifestView"/>. Each writer schema in the registry
/// that is a ParcelManifest is resolved against the reader schema once, here; writer schemas met later (fetched from a
/// Confluent Schema Registry by id) are resolved once each by <see cref="TryAddWriter"/>. Decoding allocates nothing and
/// never throws on bad input. Thread-safe: one decoder may serve many threads, each with its own view.
/// </summary>
public sealed class ManifestDecoder
{
    private readonly Lock _writeLock = new();
    private readonly RecordSchema _reader;
    private readonly string _readerCanonical;
    private readonly bool _useExactPlan;

    // Copy-on-write: TryAddWriter swaps in a new table; a decode reads whichever table is current, without a lock.
    private FrozenDictionary<int, (ReadAction Plan, ulong Fingerprint)> _byId;
    private FrozenDictionary<ulong, ReadAction> _byFingerprint;
    private readonly ReadAction? _rawPlan;
    private readonly ulong _rawFingerprint;
    private readonly MessageFraming? _framing;
    private readonly CodecLimits _limits;

    /// <summary>Initializes a decoder.</summary>
    /// <param name="registry">Writer schemas by id and fingerprint.</param>
    /// <param name="limits">Bounds on untrusted input; <see cref="CodecLimits.Default"/> when null.</param>
    /// <param name="framing">The framing the input uses; null detects it per message (Confluent, single-object or raw).</param>
    /// <param name="rawWriterFingerprint">Fingerprint of the writer schema of raw (unframed) datums; the reader schema when null.</param>
    /// <exception cref="AvroSchemaException">A registered ParcelManifest schema cannot be resolved against the reader schema, or the raw writer schema is unknown.</exception>
    public ManifestDecoder(SchemaRegistry registry, CodecLimits? limits = null, MessageFraming? framing = null, ulong? rawWriterFingerprint = null)
        : this(registry, limits, framing, rawWriterFingerprint, useExactPlan: true)
    {
    }

    /// <summary>Initializes a decoder; tests pass <paramref name="useExactPlan"/> false to run the resolving plan on identical schemas.</summary>
    internal ManifestDecoder(SchemaRegistry registry, CodecLimits? limits, MessageFraming? framing, ulong? rawWriterFingerprint, bool useExactPlan)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _limits = limits ?? CodecLimits.Default;
        _limits.Validate();
        _framing = framing;
        RecordSchema reader = SchemaRegistry.ManifestSchema;
        _reader = reader;
        _readerCanonical = reader.ToCanonicalForm();
        _useExactPlan = useExactPlan;
        var byId = new Dictionary<int, (ReadAction Plan, ulong Fingerprint)>();
        var byFingerprint = new Dictionary<ulong, ReadAction>();
        foreach (RegisteredSchema s in registry.Schemas)
        {
            if (s.Schema is not RecordSchema record || !record.NameMatches(reader))
            {
                continue;
            }

            ReadAction plan = Compile(s, record);
            byFingerprint[s.Fingerprint] = plan;
            if (s.Id >= 0)
            {
                byId[s.Id] = (plan, s.Fingerprint);
            }
        }

        _rawFingerprint = rawWriterFingerprint ?? reader.Fingerprint();
        if (!byFingerprint.TryGetValue(_rawFingerprint, out _rawPlan) && rawWriterFingerprint is not null)
        {
            throw new AvroSchemaException($"The raw writer schema (fingerprint {rawWriterFingerprint:X16}) is not a ParcelManifest in the registry.");
        }

        if (_rawPlan is null)
        {
            ReadAction resolving = ManifestPlanCompiler.Compile(reader, reader);
            _rawPlan = useExactPlan ? new ExactSchemaAction(resolving) : resolving;
        }
        _byId = byId.ToFrozenDictionary();
        _byFingerprint = byFingerprint.ToFrozenDictionary();
    }

    /// <summary>
    /// Resolves a writer schema met at run time (e.g. fetched from a Confluent Schema Registry by the id a message
    /// carried) against the reader schema, once, and makes its id and fingerprint decodable. Copy-on-write: decodes in
    /// progress are not disturbed and never lock; callers adding at the same time are serialised.
    /// </summary>
    /// <param name="writer">The writer schema and its id.</param>
    /// <param name="problem">Why it cannot be read as a manifest (not a ParcelManifest record, or not resolvable), when false.</param>
    /// <returns>True when the id decodes now (added, or already known with the same schema); false when the schema cannot be read into a manifest or its id is already taken by another schema.</returns>
    public bool TryAddWriter(RegisteredSchema writer, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.Schema is not RecordSchema record || !record.NameMatches(_reader))
        {
            problem = $"{writer.Source} is {Describe(writer.Schema)}, not a {_reader.FullName} record.";
            return false;
        }

        ReadAction plan;
        try
        {
            plan = Compile(writer, record);
        }
        catch (AvroSchemaException ex)
        {
            problem = ex.Message;
            return false;
        }

        lock (_writeLock)
        {
            if (writer.Id >= 0 && _byId.TryGetValue(writer.Id, out (ReadAction Plan, ulong Fingerprint) known))
            {
                problem = known.Fingerprint == writer.Fingerprint ? null : $"schema id {writer.Id} is already known here as another schema (fingerprint {known.Fingerprint:X16}).";
                return problem is null;
            }

            if (!_byFingerprint.ContainsKey(writer.Fingerprint))
            {
                Volatile.Write(ref _byFingerprint, _byFingerprint.Append(new(writer.Fingerprint, plan)).ToFrozenDictionary());
            }

            if (writer.Id >= 0)
            {
                Volatile.Write(ref _byId, _byId.Append(new(writer.Id, (plan, writer.Fingerprint))).ToFrozenDictionary());
            }
        }

        problem = null;
        return true;
    }

    /// <summary>Gets whether a Confluent schema id decodes (it was registered or added).</summary>
    /// <param name="id">The id.</param>
    /// <returns>False when a message with it gives <see cref="AvroErrorCode.UnknownSchemaId"/>.</returns>
    public bool KnowsSchemaId(int id) => Volatile.Read(ref _byId).ContainsKey(id);

    /// <summary>Gets the limits applied.</summary>
    public CodecLimits Limits => _limits;

    /// <summary>Decodes a message held in an array, without copying it: the view points into <paramref name="buffer"/>.</summary>
    /// <param name="buffer">The array.</param>
    /// <param name="offset">Start of the message in it.</param>
    /// <param name="count">Length of the message.</param>
    /// <param name="view">The view to fill.</param>
    /// <returns><see cref="AvroError.None"/>, or why and where the message is bad (offsets from the message start).</returns>
    public AvroError Decode(byte[] buffer, int offset, int count, ManifestView view)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - offset);
        return DecodeCore(buffer, offset, count, view);
    }

    /// <summary>Decodes a message held in an array segment, without copying it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="view">The view to fill.</param>
    /// <returns><see cref="AvroError.None"/>, or why and where the message is bad.</returns>
    public AvroError Decode(ArraySegment<byte> message, ManifestView view) =>
        Decode(message.Array ?? [], message.Offset, message.Count, view);

    /// <summary>
    /// Decodes a message from memory the caller will reuse (e.g. librdkafka's buffer): the bytes are first copied into
    /// a buffer the view owns and reuses, so the view stays valid after the call.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="view">The view to fill.</param>
    /// <returns><see cref="AvroError.None"/>, or why and where the message is bad.</returns>
    public AvroError Decode(ReadOnlySpan<byte> message, ManifestView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (message.Length > _limits.MaxMessageBytes)
        {
            return new AvroError(AvroErrorCode.MessageTooLarge, _limits.MaxMessageBytes);
        }

        byte[] owned = view.OwnedBuffer(message.Length);
        message.CopyTo(owned);
        return DecodeCore(owned, 0, message.Length, view);
    }

    private static string Describe(AvroSchema schema) => schema is NamedSchema named ? $"{schema.Type} {named.FullName}" : schema.Type.ToString();

    /// <summary>The read plan of a writer schema against the reader schema: the exact plan when they are identical.</summary>
    /// <exception cref="AvroSchemaException">The writer cannot be resolved against the reader; the message names its source.</exception>
    private ReadAction Compile(RegisteredSchema s, RecordSchema writer)
    {
        try
        {
            // Compile even the identical schema, so that a reader schema the view cannot hold fails here.
            ReadAction plan = ManifestPlanCompiler.Compile(writer, _reader);
            return _useExactPlan && s.CanonicalForm == _readerCanonical ? new ExactSchemaAction(plan) : plan;
        }
        catch (AvroSchemaException ex)
        {
            throw new AvroSchemaException($"{s.Source}: {ex.Message}", ex);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private AvroError DecodeCore(byte[] buffer, int offset, int count, ManifestView view)
    {
        view.Begin(buffer, offset, count);
        if (count > _limits.MaxMessageBytes)
        {
            return new AvroError(AvroErrorCode.MessageTooLarge, _limits.MaxMessageBytes);
        }

        var message = new ReadOnlySpan<byte>(buffer, offset, count);
        AvroError frameError = FrameHeader.TryRead(message, _framing, out MessageFraming framing, out int headerLength, out int schemaId, out ulong fingerprint);
        if (frameError.IsError)
        {
            return frameError;
        }

        ReadAction? plan;
        switch (framing)
        {
            case MessageFraming.Confluent:
                if (!Volatile.Read(ref _byId).TryGetValue(schemaId, out (ReadAction Plan, ulong Fingerprint) byId))
                {
                    return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
                }

                (plan, fingerprint) = byId;
                break;
            case MessageFraming.SingleObject:
                if (!Volatile.Read(ref _byFingerprint).TryGetValue(fingerprint, out plan))
                {
                    return new AvroError(AvroErrorCode.UnknownFingerprint, 2);
                }

                break;
            default:
                plan = _rawPlan!;
                fingerprint = _rawFingerprint;
                break;
        }

        view.Framing = framing;
        view.SchemaId = schemaId;
        view.WriterFingerprint = fingerprint;
        var reader = new AvroReader(message.Slice(headerLength), _limits.MaxStringBytes, headerLength);
        var state = new DecodeState
        {
            BaseOffset = offset + headerLength,
            Item = -1,
            MaxItems = _limits.MaxItems,
            MaxCollectionItems = _limits.MaxCollectionItems,
            MaxDepth = _limits.MaxDepth,
        };

        if (!plan.Execute(ref reader, view, ref state))
        {
            return reader.HasError ? reader.Error : new AvroError(AvroErrorCode.Truncated, reader.AbsolutePosition);
        }

        return reader.Remaining == 0 ? default : new AvroError(AvroErrorCode.TrailingBytes, reader.AbsolutePosition);
    }
}
