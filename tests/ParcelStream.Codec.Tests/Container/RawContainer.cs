using System.Buffers;
using System.IO.Compression;

namespace ParcelStream.Codec.Tests.Container;

/// <summary>Builds container bytes by hand, so that tests can write what no well-behaved writer would.</summary>
internal static class RawContainer
{
    public static byte[] Header(string? codec, string? schemaJson, byte[] sync)
    {
        var entries = new List<(string, byte[])>();
        if (schemaJson is not null)
        {
            entries.Add(("avro.schema", System.Text.Encoding.UTF8.GetBytes(schemaJson)));
        }

        if (codec is not null)
        {
            entries.Add(("avro.codec", System.Text.Encoding.UTF8.GetBytes(codec)));
        }

        return Encode((ref AvroWriter w) =>
        {
            w.WriteRaw("Obj\u0001"u8);
            w.WriteBlockStart(entries.Count);
            foreach ((string key, byte[] value) in entries)
            {
                w.WriteString(key.AsSpan());
                w.WriteBytes(value);
            }

            w.WriteBlockEnd();
            w.WriteRaw(sync);
        });
    }

    public static byte[] Block(long count, ReadOnlySpan<byte> data, byte[] sync) => Concat(BlockHead(count, data.Length), data.ToArray(), sync);

    public static byte[] BlockHead(long count, long size) => Encode((ref AvroWriter w) =>
    {
        w.WriteLong(count);
        w.WriteLong(size);
    });

    public static byte[] Deflate(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private delegate void WriteAction(ref AvroWriter w);

    private static byte[] Encode(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new AvroWriter(buffer);
        write(ref w);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
