using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ParcelStream.Codec;

/// <summary>Reads and writes the few bytes that frame an Avro datum in a message (Confluent, single-object, raw).</summary>
public static class FrameHeader
{
    /// <summary>The Confluent wire format magic byte.</summary>
    public const byte ConfluentMagic = 0x00;

    /// <summary>First byte of the single-object encoding marker.</summary>
    public const byte SingleObjectMarker0 = 0xC3;

    /// <summary>Second byte of the single-object encoding marker.</summary>
    public const byte SingleObjectMarker1 = 0x01;

    /// <summary>Length of a Confluent header.</summary>
    public const int ConfluentLength = 5;

    /// <summary>Length of a single-object header.</summary>
    public const int SingleObjectLength = 10;

    /// <summary>Reads the frame header of <paramref name="message"/>.</summary>
    /// <param name="message">The whole message.</param>
    /// <param name="expected">The framing the input is configured for; null detects it from the first bytes.</param>
    /// <param name="framing">The framing found.</param>
    /// <param name="headerLength">Bytes before the datum.</param>
    /// <param name="schemaId">The Confluent schema id, else -1.</param>
    /// <param name="fingerprint">The single-object fingerprint, else 0.</param>
    /// <returns>An error (Truncated, UnknownMagicByte) or <see cref="AvroError.None"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AvroError TryRead(ReadOnlySpan<byte> message, MessageFraming? expected, out MessageFraming framing, out int headerLength, out int schemaId, out ulong fingerprint)
    {
        schemaId = -1;
        fingerprint = 0;
        headerLength = 0;
        framing = expected ?? Detect(message);
        switch (framing)
        {
            case MessageFraming.Confluent:
                // The magic byte is judged first, on however many bytes arrived: a wrong one is wrong at offset 0.
                if (message.Length > 0 && message[0] != ConfluentMagic)
                {
                    return new AvroError(AvroErrorCode.UnknownMagicByte, 0);
                }

                if (message.Length < ConfluentLength)
                {
                    return new AvroError(AvroErrorCode.Truncated, message.Length);
                }

                schemaId = BinaryPrimitives.ReadInt32BigEndian(message.Slice(1));
                headerLength = ConfluentLength;
                return default;
            case MessageFraming.SingleObject:
                if ((message.Length > 0 && message[0] != SingleObjectMarker0) || (message.Length > 1 && message[1] != SingleObjectMarker1))
                {
                    return new AvroError(AvroErrorCode.UnknownMagicByte, 0);
                }

                if (message.Length < SingleObjectLength)
                {
                    return new AvroError(AvroErrorCode.Truncated, message.Length);
                }

                fingerprint = BinaryPrimitives.ReadUInt64LittleEndian(message.Slice(2));
                headerLength = SingleObjectLength;
                return default;
            default:
                return default;
        }
    }

    /// <summary>Writes a frame header.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="framing">The framing.</param>
    /// <param name="schemaId">The Confluent schema id (Confluent framing).</param>
    /// <param name="fingerprint">The writer schema fingerprint (single-object framing).</param>
    public static void Write(ref AvroWriter writer, MessageFraming framing, int schemaId, ulong fingerprint)
    {
        Span<byte> header = stackalloc byte[SingleObjectLength];
        switch (framing)
        {
            case MessageFraming.Confluent:
                header[0] = ConfluentMagic;
                BinaryPrimitives.WriteInt32BigEndian(header.Slice(1), schemaId);
                writer.WriteRaw(header.Slice(0, ConfluentLength));
                break;
            case MessageFraming.SingleObject:
                header[0] = SingleObjectMarker0;
                header[1] = SingleObjectMarker1;
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(2), fingerprint);
                writer.WriteRaw(header);
                break;
        }
    }

    /// <summary>
    /// Guesses the framing from the first bytes. Unambiguous for manifests: a raw manifest starts with the length of a
    /// non-empty manifestId, which is a positive zig-zag varint, never 0x00 and never 0xC3 0x01 (that is -98).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MessageFraming Detect(ReadOnlySpan<byte> message)
    {
        if (message.Length > 0)
        {
            if (message[0] == ConfluentMagic)
            {
                return MessageFraming.Confluent;
            }

            if (message[0] == SingleObjectMarker0 && message.Length > 1 && message[1] == SingleObjectMarker1)
            {
                return MessageFraming.SingleObject;
            }
        }

        return MessageFraming.Raw;
    }
}
