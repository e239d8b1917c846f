using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Output;

/// <summary>
/// Writes the decisions of one pack, block after block in file order, as JSON Lines or as an Avro container file (no
/// compression, fixed sync marker: the same replay gives the same bytes). Used by the replay's writer thread only.
/// </summary>
internal sealed class DecisionFileWriter : IDisposable
{
    // Fixed rather than random, so that two replays of the same history write byte-identical files.
    private static readonly byte[] s_syncMarker = [0x5a, 0x1f, 0xc3, 0x8e, 0x47, 0xb2, 0x09, 0xd6, 0x71, 0xe4, 0x2b, 0x98, 0x3c, 0xa5, 0x60, 0xfd];

    private static readonly Lazy<string> s_decisionSchemaJson = new(LoadDecisionSchemaJson);

    private readonly FileStream _stream;
    private readonly AvroContainerWriter? _avro;

    /// <summary>Creates (or overwrites) the file.</summary>
    /// <param name="path">The file; its extension chooses the format.</param>
    /// <exception cref="ArgumentException">The extension is neither .jsonl nor .avro.</exception>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public DecisionFileWriter(string path)
    {
        Format = FormatOf(path);
        Path = path;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        if (Format == DecisionFormat.Avro)
        {
            var options = new AvroContainerWriterOptions { Codec = AvroContainerCodec.Null, SyncMarker = s_syncMarker, BlockBytes = 1 << 20 };
            _avro = new AvroContainerWriter(_stream, s_decisionSchemaJson.Value, options, leaveOpen: true);
        }
    }

    /// <summary>Gets the format.</summary>
    public DecisionFormat Format { get; }

    /// <summary>Gets the file path.</summary>
    public string Path { get; }

    /// <summary>Gets the format a path asks for.</summary>
    /// <param name="path">The output path.</param>
    /// <returns>Avro for .avro; JSON Lines for .jsonl and .ndjson.</returns>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public static DecisionFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".avro", StringComparison.OrdinalIgnoreCase))
        {
            return DecisionFormat.Avro;
        }

        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
        {
            return DecisionFormat.JsonLines;
        }

        throw new ArgumentException($"{path}: decisions are written as .jsonl (JSON Lines) or .avro (container file); name the file so.", nameof(path));
    }

    /// <summary>Writes one block's decisions.</summary>
    /// <param name="encoded">The block's encoded decisions: JSON lines, or Avro datums one after another.</param>
    /// <param name="datumEnds">Where each Avro datum ends in <paramref name="encoded"/> (Avro only).</param>
    public void Write(ReadOnlySpan<byte> encoded, List<int> datumEnds)
    {
        if (_avro is null)
        {
            _stream.Write(encoded);
            return;
        }

        int start = 0;
        foreach (int end in datumEnds)
        {
            _avro.WriteDatum(encoded[start..end]);
            start = end;
        }
    }

    /// <summary>Writes the last Avro block and closes the file.</summary>
    public void Dispose()
    {
        _avro?.Dispose();
        _stream.Dispose();
    }

    /// <summary>The decision schema as the codec embeds it (schemas/customs-decision.avsc, docs and defaults included).</summary>
    private static string LoadDecisionSchemaJson()
    {
        using Stream stream = typeof(DecisionWriter).Assembly.GetManifestResourceStream("customs-decision.avsc")
            ?? throw new InvalidOperationException("Embedded schema customs-decision.avsc is missing from the codec.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
