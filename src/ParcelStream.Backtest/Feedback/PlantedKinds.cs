using System.Text;

namespace ParcelStream.Backtest.Feedback;

/// <summary>
/// The generator's ground truth for a history (<c>FILE.avro.truth.csv</c>: <c>manifestId,trackingNumber,kind</c>),
/// looked up by the manifest's UTF-8 id without allocating. Only replay reads it, to measure decisions: the rules never see it.
/// </summary>
public sealed class PlantedKinds
{
    private const int MaxStackChars = 256;

    private readonly Dictionary<string, PlantedKind> _kinds;
    private readonly Dictionary<string, PlantedKind>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Initializes the table from pairs of manifestId and kind name (Clean is <see cref="PlantedKind.Clean"/>, any other <see cref="PlantedKind.Planted"/>).</summary>
    /// <param name="kinds">The pairs.</param>
    public PlantedKinds(IEnumerable<KeyValuePair<string, string>> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        _kinds = new Dictionary<string, PlantedKind>(StringComparer.Ordinal);
        foreach ((string id, string kind) in kinds)
        {
            _kinds[id] = string.Equals(kind, "Clean", StringComparison.OrdinalIgnoreCase) ? PlantedKind.Clean : PlantedKind.Planted;
        }

        _lookup = _kinds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the number of manifests with a known kind.</summary>
    public int Count => _kinds.Count;

    /// <summary>Gets the side file a generated container file has.</summary>
    /// <param name="avroPath">The container file.</param>
    /// <returns>The path of its ground truth (which may not exist).</returns>
    public static string SideFileOf(string avroPath) => avroPath + ".truth.csv";

    /// <summary>Loads a ground-truth file written by <c>parcelstream generate --out</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidDataException">A line does not have three fields; the message names file and line.</exception>
    public static PlantedKinds Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var pairs = new List<KeyValuePair<string, string>>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || (number == 1 && line.StartsWith("manifestId,", StringComparison.Ordinal)))
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 3 || fields[0].Length == 0 || fields[2].Length == 0)
            {
                throw new InvalidDataException($"{path}:{number}: expected manifestId,trackingNumber,kind.");
            }

            pairs.Add(new(fields[0], fields[2]));
        }

        return new PlantedKinds(pairs);
    }

    /// <summary>Looks a manifest up.</summary>
    /// <param name="manifestId">The manifest's id, UTF-8.</param>
    /// <returns>Its kind, or <see cref="PlantedKind.Unknown"/>.</returns>
    public PlantedKind Lookup(ReadOnlySpan<byte> manifestId)
    {
        if (manifestId.Length > MaxStackChars)
        {
            return _kinds.TryGetValue(Encoding.UTF8.GetString(manifestId), out PlantedKind known) ? known : PlantedKind.Unknown;
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        int n = Encoding.UTF8.GetChars(manifestId, chars);
        return _lookup.TryGetValue(chars.Slice(0, n), out PlantedKind kind) ? kind : PlantedKind.Unknown;
    }
}
