using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using ParcelStream.Codec.Inspections;

namespace ParcelStream.Learning;

/// <summary>
/// Reads inspection results an analyst wrote by hand: CSV with a header or JSON Lines, with the field names of
/// schemas/inspection-result.avsc (manifestId and result required; trackingNumber, findingCodes, inspector, inspectedAt,
/// office optional).
/// </summary>
public static class InspectionFile
{
    /// <summary>The most errors reported before giving up on a file.</summary>
    public const int MaxErrors = 10;

    private static readonly string[] s_fields = ["manifestId", "trackingNumber", "result", "findingCodes", "inspector", "inspectedAt", "office"];

    /// <summary>Reads every result of <paramref name="path"/>, or none when a line is wrong.</summary>
    /// <param name="path">A .csv file, or a .jsonl/.json file of one object per line.</param>
    /// <param name="defaults">The inspector, office and time of rows that do not give their own.</param>
    /// <param name="errors">"file:line: message" for each wrong line (at most <see cref="MaxErrors"/>); empty when all are right.</param>
    /// <returns>The results in file order; empty when <paramref name="errors"/> is not.</returns>
    public static List<InspectionReport> Read(string path, InspectionDefaults defaults, out List<string> errors)
    {
        bool json = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        errors = [];
        List<InspectionReport> reports = json ? ReadJsonLines(path, defaults, errors) : ReadCsv(path, defaults, errors);
        return errors.Count == 0 ? reports : [];
    }

    private static List<InspectionReport> ReadCsv(string path, InspectionDefaults defaults, List<string> errors)
    {
        var reports = new List<InspectionReport>();
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            AllowComments = true,
            PrepareHeaderForMatch = a => a.Header.Trim(),
            BadDataFound = null,
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            errors.Add($"{path}:1: no header line (expected {string.Join(",", s_fields)})");
            return reports;
        }

        string? unknown = header.FirstOrDefault(h => !s_fields.Contains(h, StringComparer.Ordinal));
        if (unknown is not null || !header.Contains("manifestId") || !header.Contains("result"))
        {
            errors.Add($"{path}:1: the header must name manifestId and result, and only {string.Join(", ", s_fields)}{(unknown is null ? string.Empty : $" (not '{unknown}')")}");
            return reports;
        }

        while (csv.Read() && errors.Count < MaxErrors)
        {
            int line = csv.Parser.RawRow;
            string? Field(string name) => header.Contains(name) && csv.GetField(name) is { Length: > 0 } v ? v : null;
            string[] codes = Field("findingCodes")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            Add(reports, errors, $"{path}:{line}", Field("manifestId"), Field("result"), Field("trackingNumber"), codes, Field("inspector"), Field("inspectedAt"), Field("office"), defaults);
        }

        return reports;
    }

    private static List<InspectionReport> ReadJsonLines(string path, InspectionDefaults defaults, List<string> errors)
    {
        var reports = new List<InspectionReport>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (errors.Count >= MaxErrors)
            {
                break;
            }

            if (text.AsSpan().Trim().IsEmpty)
            {
                continue;
            }

            string where = $"{path}:{line}";
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{where}: expected one JSON object per line");
                    continue;
                }

                JsonElement root = document.RootElement;
                string? unknown = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !s_fields.Contains(n, StringComparer.Ordinal));
                if (unknown is not null)
                {
                    errors.Add($"{where}: unknown field '{unknown}' (the fields are {string.Join(", ", s_fields)})");
                    continue;
                }

                string? Text(string name) => root.TryGetProperty(name, out JsonElement v) ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Number => v.GetRawText(),
                    _ => null,
                } : null;
                string[] codes = root.TryGetProperty("findingCodes", out JsonElement array) && array.ValueKind == JsonValueKind.Array
                    ? [.. array.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)]
                    : [];
                Add(reports, errors, where, Text("manifestId"), Text("result"), Text("trackingNumber"), codes, Text("inspector"), Text("inspectedAt"), Text("office"), defaults);
            }
            catch (JsonException e)
            {
                errors.Add($"{where}: not JSON ({e.Message})");
            }
        }

        return reports;
    }

    private static void Add(
        List<InspectionReport> reports,
        List<string> errors,
        string where,
        string? manifestId,
        string? result,
        string? trackingNumber,
        string[] codes,
        string? inspector,
        string? inspectedAt,
        string? office,
        InspectionDefaults defaults)
    {
        if (string.IsNullOrWhiteSpace(manifestId))
        {
            errors.Add($"{where}: manifestId is missing");
            return;
        }

        InspectionOutcome outcome;
        if (string.Equals(result, "FOUND", StringComparison.OrdinalIgnoreCase))
        {
            outcome = InspectionOutcome.Found;
        }
        else if (string.Equals(result, "CLEAN", StringComparison.OrdinalIgnoreCase))
        {
            outcome = InspectionOutcome.Clean;
        }
        else
        {
            errors.Add($"{where}: result must be FOUND or CLEAN, not '{result}'");
            return;
        }

        long at = defaults.InspectedAtMillis;
        if (inspectedAt is not null && !TryParseTime(inspectedAt, out at))
        {
            errors.Add($"{where}: inspectedAt '{inspectedAt}' is neither UTC milliseconds nor an ISO 8601 time (2026-12-07T10:00:00Z)");
            return;
        }

        if ((inspector ?? defaults.Inspector) is not { Length: > 0 } who)
        {
            errors.Add($"{where}: no inspector (give the column or --inspector)");
            return;
        }

        if (outcome == InspectionOutcome.Clean && codes.Length > 0)
        {
            errors.Add($"{where}: a CLEAN result has no finding codes");
            return;
        }

        reports.Add(new InspectionReport(manifestId, outcome, who, at)
        {
            TrackingNumber = trackingNumber,
            FindingCodes = codes,
            Office = office ?? defaults.Office,
        });
    }

    private static bool TryParseTime(string text, out long millis)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out millis))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
        {
            millis = time.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }
}
