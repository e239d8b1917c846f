using System.Buffers.Binary;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>Builds framed messages by hand (independently of <see cref="FrameHeader"/>).</summary>
internal static class Frames
{
    public static byte[] Confluent(int schemaId, ReadOnlySpan<byte> datum)
    {
        var message = new byte[5 + datum.Length];
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), schemaId);
        datum.CopyTo(message.AsSpan(5));
        return message;
    }

    public static byte[] SingleObject(ulong fingerprint, ReadOnlySpan<byte> datum)
    {
        var message = new byte[10 + datum.Length];
        message[0] = 0xC3;
        message[1] = 0x01;
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(2), fingerprint);
        datum.CopyTo(message.AsSpan(10));
        return message;
    }

    public static byte[] Frame(MessageFraming framing, int schemaId, ulong fingerprint, ReadOnlySpan<byte> datum) => framing switch
    {
        MessageFraming.Confluent => Confluent(schemaId, datum),
        MessageFraming.SingleObject => SingleObject(fingerprint, datum),
        _ => datum.ToArray(),
    };

    public static int HeaderLength(MessageFraming framing) => framing switch
    {
        MessageFraming.Confluent => 5,
        MessageFraming.SingleObject => 10,
        _ => 0,
    };

    /// <summary>Replaces <paramref name="removeCount"/> bytes at <paramref name="at"/> with <paramref name="insert"/>.</summary>
    public static byte[] Splice(ReadOnlySpan<byte> data, int at, int removeCount, params byte[] insert) =>
        [.. data[..at], .. insert, .. data[(at + removeCount)..]];

    /// <summary>Encodes a zig-zag varint by hand.</summary>
    public static byte[] Varint(long value)
    {
        ulong n = (ulong)((value << 1) ^ (value >> 63));
        var bytes = new List<byte>();
        while (n >= 0x80)
        {
            bytes.Add((byte)(n | 0x80));
            n >>= 7;
        }

        bytes.Add((byte)n);
        return [.. bytes];
    }

    /// <summary>Gets the encoded size of a string (length varint and UTF-8 bytes).</summary>
    public static int StringSize(string value)
    {
        int length = System.Text.Encoding.UTF8.GetByteCount(value);
        return Varint(length).Length + length;
    }
}
