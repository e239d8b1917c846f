using System.Text;
using System.Text.Json;

namespace ParcelStream.Backtest.Feedback;

/// <summary>
/// Inspection results known for past parcels (manifestId, FOUND or CLEAN), loaded from a small CSV or JSON Lines file;
/// looked up by the manifest's UTF-8 id on the hot path without allocating. Immutable once loaded, so thread-safe.
/// </summary>
public sealed class InspectionResults
{
    private const int MaxStackChars = 256;

    private readonly Dictionary<string, InspectionResult> _results;
    private readonly Dictionary<string, InspectionResult>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Initializes the set from pairs; a later pair for the same manifest replaces an earlier one.</summary>
    /// <param name="results">The pairs.</param>
    /// <exception cref="ArgumentException">A result is <see cref="InspectionResult.Unknown"/>.</exception>
    public InspectionResults(IEnumerable<KeyValuePair<string, InspectionResult>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _results = new Dictionary<string, InspectionResult>(StringComparer.Ordinal);
        foreach ((string id, InspectionResult result) in results)
        {
            if (result == InspectionResult.Unknown)
            {
                throw new ArgumentException($"Manifest {id}: an inspection result must be Found or Clean.", nameof(results));
            }

            _results[id] = result;
        }

        _lookup = _results.GetAlternateLookup<ReadOnlySpan<char>>();
        Found = _results.Values.Count(r => r == InspectionResult.Found);
    }

    /// <summary>Gets the number of manifests with a result.</summary>
    public int Count => _results.Count;

    /// <summary>Gets the number of manifests where the inspection found something.</summary>
    public int Found { get; }

    /// <summary>
    /// Loads a results file: CSV (<c>manifestId,result</c>, an optional header line) or, for a .jsonl or .json file, JSON
    /// Lines (<c>{"manifestId": "...", "result": "FOUND"}</c>). Results are FOUND or CLEAN, in any letter case; blank
    /// lines and lines starting with # are skipped.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The results.</returns>
    /// <exception cref="InvalidDataException">A line is malformed; the message names file and line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static InspectionResults Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        bool json = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var pairs = new List<KeyValuePair<string, InspectionResult>>();
        int number = 0;
        foreach (string line in File.ReadLines(path))
        {
            number++;
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            (string? id, string? result) = json ? ParseJson(text, path, number) : ParseCsv(text);
            if (!json && number == 1 && string.Equals(id, "manifestId", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (string.IsNullOrEmpty(id))
            {
                throw Bad(path, number, "the manifestId is missing");
            }

            pairs.Add(new(id, ParseResult(result, path, number)));
        }

        return new InspectionResults(pairs);
    }

    /// <summary>Looks a manifest up.</summary>
    /// <param name="manifestId">The manifest's id, UTF-8.</param>
    /// <returns>The result, or <see cref="InspectionResult.Unknown"/>.</returns>
    public InspectionResult Lookup(ReadOnlySpan<byte> manifestId)
    {
        if (manifestId.Length > MaxStackChars)
        {
            return LookupLong(manifestId);
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        int n = Encoding.UTF8.GetChars(manifestId, chars);
        return _lookup.TryGetValue(chars.Slice(0, n), out InspectionResult result) ? result : InspectionResult.Unknown;
    }

    /// <summary>Looks a manifest up by its id.</summary>
    /// <param name="manifestId">The id.</param>
    /// <returns>The result, or <see cref="InspectionResult.Unknown"/>.</returns>
    public InspectionResult Lookup(string manifestId) =>
        _results.TryGetValue(manifestId, out InspectionResult result) ? result : InspectionResult.Unknown;

    private InspectionResult LookupLong(ReadOnlySpan<byte> manifestId) => Lookup(Encoding.UTF8.GetString(manifestId));

    private static (string? Id, string? Result) ParseCsv(string line)
    {
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? (line, null) : (Unquote(line.AsSpan(0, comma)), Unquote(line.AsSpan(comma + 1)));
    }

    private static string Unquote(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        return field.Length >= 2 && field[0] == '"' && field[^1] == '"' ? field[1..^1].ToString() : field.ToString();
    }

    private static (string? Id, string? Result) ParseJson(string line, string path, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, number, "expected a JSON object");
            }

            return (Property(root, "manifestId"), Property(root, "result"));
        }
        catch (JsonException e)
        {
            throw Bad(path, number, e.Message);
        }
    }

    private static string? Property(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static InspectionResult ParseResult(string? text, string path, int number) => text?.Trim().ToUpperInvariant() switch
    {
        "FOUND" => InspectionResult.Found,
        "CLEAN" => InspectionResult.Clean,
        _ => throw Bad(path, number, $"the result must be FOUND or CLEAN, not '{text}'"),
    };

    private static InvalidDataException Bad(string path, int line, string what) => new($"{path}:{line}: {what}.");
}
