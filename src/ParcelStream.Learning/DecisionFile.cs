using System.Text.Json;

namespace ParcelStream.Learning;

/// <summary>Reads decision files (JSON Lines, the decision schema's field names) for what training needs of them.</summary>
public static class DecisionFile
{
    /// <summary>Reads which decisions were random selections or explorations; the last line of a manifest wins (an amendment replaces).</summary>
    /// <param name="paths">JSON Lines files as <c>replay --out</c> and <c>decisions tail</c> print them.</param>
    /// <returns>The selection of each manifest that has one other than <see cref="Selection.Other"/>.</returns>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not a decision; the message names file and line.</exception>
    public static Dictionary<string, Selection> ReadSelections(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var selections = new Dictionary<string, Selection>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} does not exist.", path);
            }

            int line = 0;
            foreach (string text in File.ReadLines(path))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(text);
                    JsonElement root = document.RootElement;
                    string id = root.GetProperty("manifestId").GetString() ?? throw new InvalidDataException("manifestId is null");
                    Selection selection = Selection.Other;
                    if (root.TryGetProperty("reasons", out JsonElement reasons))
                    {
                        foreach (JsonElement reason in reasons.EnumerateArray())
                        {
                            selection = reason.GetProperty("ruleId").GetString() switch
                            {
                                "engine.random-selection" => Selection.Random,
                                "engine.exploration" when selection == Selection.Other => Selection.Exploration,
                                _ => selection,
                            };
                        }
                    }

                    if (selection == Selection.Other)
                    {
                        selections.Remove(id);
                    }
                    else
                    {
                        selections[id] = selection;
                    }
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new InvalidDataException($"{path}:{line}: not a decision ({e.Message})", e);
                }
            }
        }

        return selections;
    }
}
