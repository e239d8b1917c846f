using System.Text;

namespace ParcelStream.DevTools.Generation;

/// <summary>
/// What the generator planted in each manifest (its <see cref="ManifestKind"/>), for measuring decisions against:
/// a side file <c>FILE.avro.truth.csv</c> (<c>manifestId,trackingNumber,kind</c>) next to a generated container file,
/// and the header <see cref="Header"/> on generated Kafka records. Never part of the manifest: the decoder and the
/// rule engine see only the record's value, so no rule can read it.
/// </summary>
public static class GroundTruth
{
    private static readonly string[] s_kindNames = [.. Enum.GetValues<ManifestKind>().OrderBy(k => (int)k).Select(k => k.ToString())];

    private static readonly byte[][] s_names = [.. s_kindNames.Select(Encoding.ASCII.GetBytes)];

    /// <summary>The Kafka header that carries a generated record's kind (e.g. <c>Clean</c>, <c>Undervalued</c>).</summary>
    public const string Header = "parcelstream.truth.kind";

    /// <summary>The side file's header line.</summary>
    public const string CsvHeader = "manifestId,trackingNumber,kind";

    /// <summary>Gets the side file of a container file.</summary>
    /// <param name="avroPath">The generated .avro file.</param>
    /// <returns>The path with <c>.truth.csv</c> appended.</returns>
    public static string SideFileOf(string avroPath) => avroPath + ".truth.csv";

    /// <summary>Gets the header value of a kind (its name, ASCII).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The bytes; one array per kind, shared.</returns>
    public static byte[] HeaderValue(ManifestKind kind) => s_names[(int)kind];

    /// <summary>Writes one line of the side file (ids are generated: no comma, quote or line break to escape).</summary>
    /// <param name="writer">The side file.</param>
    /// <param name="manifestId">The manifestId.</param>
    /// <param name="trackingNumber">The tracking number.</param>
    /// <param name="kind">The kind.</param>
    public static void WriteLine(TextWriter writer, string manifestId, string trackingNumber, ManifestKind kind)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(manifestId);
        writer.Write(',');
        writer.Write(trackingNumber);
        writer.Write(',');
        writer.Write(s_kindNames[(int)kind]);
        writer.Write('\n');
    }
}
