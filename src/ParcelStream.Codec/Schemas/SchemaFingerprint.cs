using System.Text;

namespace ParcelStream.Codec.Schemas;

/// <summary>The CRC-64-AVRO (Rabin) fingerprint that Avro single-object encoding puts in front of a datum.</summary>
public static class SchemaFingerprint
{
    /// <summary>The fingerprint of the empty input.</summary>
    public const ulong Empty = 0xc15d213aa4d7a795UL;

    private static readonly ulong[] s_table = BuildTable();

    /// <summary>Computes the fingerprint of <paramref name="canonicalForm"/> as UTF-8.</summary>
    /// <param name="canonicalForm">A schema's Parsing Canonical Form.</param>
    /// <returns>The 64-bit fingerprint.</returns>
    public static ulong Crc64(string canonicalForm) => Crc64(Encoding.UTF8.GetBytes(canonicalForm));

    /// <summary>Computes the fingerprint of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The 64-bit fingerprint.</returns>
    public static ulong Crc64(ReadOnlySpan<byte> data)
    {
        ulong fp = Empty;
        foreach (byte b in data)
        {
            fp = (fp >> 8) ^ s_table[(int)(fp ^ b) & 0xff];
        }

        return fp;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (int i = 0; i < 256; i++)
        {
            ulong fp = (ulong)i;
            for (int j = 0; j < 8; j++)
            {
                fp = (fp >> 1) ^ (Empty & (0UL - (fp & 1)));
            }

            table[i] = fp;
        }

        return table;
    }
}
