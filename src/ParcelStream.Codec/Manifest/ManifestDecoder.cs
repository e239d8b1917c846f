using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using ParcelStream.Codec.Manifest.Plan;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Manifest;

/// <summary>
/// Decodes framed manifest messages into a reusable <see cref="ManifestView"/>. Each writer schema in the registry
/// that is a ParcelManifest is resolved against the reader schema once, here; decoding allocates nothing and never
/// throws on bad input. Thread-safe: one decoder may serve many threads, each with its own view.
/// </summary>
public sealed class ManifestDecoder
{
    private readonly FrozenDictionary<int, (ReadAction Plan, ulong Fingerprint)> _byId;
    private readonly FrozenDictionary<ulong, ReadAction> _byFingerprint;
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
        string readerCanonical = reader.ToCanonicalForm();
        var byId = new Dictionary<int, (ReadAction Plan, ulong Fingerprint)>();
        var byFingerprint = new Dictionary<ulong, ReadAction>();
        foreach (RegisteredSchema s in registry.Schemas)
        {
            if (s.Schema is not RecordSchema record || !record.NameMatches(reader))
            {
                continue;
            }

            ReadAction plan;
            try
            {
                // Compile even the identical schema, so that a reader schema the view cannot hold fails here.
                plan = ManifestPlanCompiler.Compile(record, reader);
                if (useExactPlan && s.CanonicalForm == readerCanonical)
                {
                    plan = new ExactSchemaAction(plan);
                }
            }
            catch (AvroSchemaException ex)
            {
                throw new AvroSchemaException($"{s.Source}: {ex.Message}", ex);
            }

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
                if (!_byId.TryGetValue(schemaId, out (ReadAction Plan, ulong Fingerprint) byId))
                {
                    return new AvroError(AvroErrorCode.UnknownSchemaId, 1);
                }

                (plan, fingerprint) = byId;
                break;
            case MessageFraming.SingleObject:
                if (!_byFingerprint.TryGetValue(fingerprint, out plan))
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
