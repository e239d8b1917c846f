using System.Text;
using ParcelStream.Codec.Schemas;

namespace ParcelStream.Codec.Container;

/// <summary>Header parsing: magic, the metadata map and the sync marker.</summary>
public sealed partial class AvroContainerReader
{
    private const int MaxNameInMessage = 64;

    /// <summary>Parses the header at the start of <paramref name="span"/>.</summary>
    /// <returns>False when more data is needed, or on error (then <see cref="_error"/> is set).</returns>
    private bool TryParseHeader(ReadOnlySpan<byte> span, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> magic = AvroContainerFormat.Magic;
        int compared = Math.Min(span.Length, magic.Length);
        int same = span.Slice(0, compared).CommonPrefixLength(magic);
        if (same < compared)
        {
            return Fail(AvroErrorCode.InvalidContainer, same, "Not an Avro object container file: the magic is not \"Obj\" 0x01.");
        }

        if (span.Length < magic.Length)
        {
            return false;
        }

        var reader = new AvroReader(span.Slice(magic.Length), _options.MaxHeaderBytes, magic.Length);
        var entries = new List<(int Key, int KeyLength, int Value, int ValueLength)>();
        while (true)
        {
            if (!reader.TryReadBlockHeader(out long count, out _))
            {
                return reader.HasError && Fail(reader.Error, "The file metadata map is malformed");
            }

            if (count == 0)
            {
                break;
            }

            for (long i = 0; i < count; i++)
            {
                if (!reader.TryReadStringRange(out int key, out int keyLength) || !reader.TryReadBytes(out ReadOnlySpan<byte> value))
                {
                    return reader.HasError && Fail(reader.Error, "The file metadata map is malformed");
                }

                entries.Add((magic.Length + key, keyLength, magic.Length + reader.Position - value.Length, value.Length));
            }
        }

        if (!reader.TryReadFixed(AvroContainerFormat.SyncLength, out ReadOnlySpan<byte> sync))
        {
            return false;
        }

        length = magic.Length + reader.Position;
        return TryApplyMetadata(span, entries) && CopySync(sync);
    }

    private bool TryApplyMetadata(ReadOnlySpan<byte> span, List<(int Key, int KeyLength, int Value, int ValueLength)> entries)
    {
        // Duplicate keys: the last entry wins, as in the Java and C# reference implementations.
        (int At, int Length) schema = (-1, 0);
        (int At, int Length) codec = (-1, 0);
        var metadata = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach ((int key, int keyLength, int value, int valueLength) in entries)
        {
            ReadOnlySpan<byte> name = span.Slice(key, keyLength);
            if (name.SequenceEqual(AvroContainerFormat.SchemaKey))
            {
                schema = (value, valueLength);
            }
            else if (name.SequenceEqual(AvroContainerFormat.CodecKey))
            {
                codec = (value, valueLength);
            }
            else
            {
                metadata[Encoding.UTF8.GetString(name)] = span.Slice(value, valueLength).ToArray();
            }
        }

        ReadOnlySpan<byte> codecName = codec.At < 0 ? AvroContainerFormat.NullCodecName : span.Slice(codec.At, codec.Length);
        if (codecName.SequenceEqual(AvroContainerFormat.NullCodecName))
        {
            _codec = AvroContainerCodec.Null;
        }
        else if (codecName.SequenceEqual(AvroContainerFormat.DeflateCodecName))
        {
            _codec = AvroContainerCodec.Deflate;
        }
        else
        {
            string shown = Encoding.UTF8.GetString(codecName.Slice(0, Math.Min(codecName.Length, MaxNameInMessage)));
            return Fail(AvroErrorCode.InvalidContainer, codec.At, $"Unknown codec '{shown}' in avro.codec: this reader supports \"null\" and \"deflate\".");
        }

        if (schema.At < 0)
        {
            return Fail(AvroErrorCode.InvalidContainer, AvroContainerFormat.MagicLength, "The file metadata has no avro.schema.");
        }

        string json = Encoding.UTF8.GetString(span.Slice(schema.At, schema.Length));
        try
        {
            _schema = AvroSchemaParser.Parse(json);
        }
        catch (Exception ex) when (ex is AvroSchemaException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            // The parser is written for trusted .avsc files; odd JSON in an untrusted file may trip it in other ways.
            return Fail(AvroErrorCode.InvalidContainer, schema.At, $"avro.schema is not a valid Avro schema: {ex.Message}");
        }

        _schemaJson = json;
        _metadata = metadata;
        return true;
    }

    private bool CopySync(ReadOnlySpan<byte> sync)
    {
        sync.CopyTo(_sync);
        return true;
    }
}
