using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ParcelStream.Rules.Feedback;

/// <summary>
/// Feedback statistics as a file (JSON Lines, one line per statistics line:
/// <c>{"line":"rule:undervaluation-per-unit","decided":120,"inspected":80,"found":31}</c>), written by
/// <c>parcelstream replay --feedback-out</c> and read by <c>parcelstream rules stats --file</c>.
/// </summary>
public static class FeedbackStatsFile
{
    /// <summary>Writes the lines, rules first, in ordinal order of their key.</summary>
    /// <param name="path">The file.</param>
    /// <param name="lines">The lines.</param>
    public static void Write(string path, IReadOnlyDictionary<FeedbackKey, EntityCounts> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = new StringBuilder();
        foreach ((FeedbackKey key, EntityCounts c) in lines.OrderBy(l => l.Key.Kind).ThenBy(l => l.Key.Id, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"line\":{JsonSerializer.Serialize(key.ToString())},\"decided\":{c.Decided},\"inspected\":{c.Inspected},\"found\":{c.Found}}}\n");
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The lines.</returns>
    /// <exception cref="InvalidDataException">A line is malformed; the message names file and line.</exception>
    public static FeedbackTally Read(string path)
    {
        var tally = new FeedbackTally();
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(raw);
                JsonElement e = doc.RootElement;
                string? line = e.GetProperty("line").GetString();
                if (line is null || !FeedbackKey.TryParse(line, out FeedbackKey key))
                {
                    throw new InvalidDataException($"{path}:{number}: '{line}' is not a statistics line (rule:ID, rule-random:ID, baseline, seller:ID, consignor:HEX).");
                }

                tally.Add(key, new EntityCounts(e.GetProperty("decided").GetInt64(), e.GetProperty("inspected").GetInt64(), e.GetProperty("found").GetInt64()));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{number}: {ex.Message}", ex);
            }
        }

        return tally;
    }
}
