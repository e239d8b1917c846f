using System.Text;
using System.Text.RegularExpressions;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Text;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>Named reference lists and reference tables.</summary>
internal sealed partial class PackCompiler
{
    private static readonly Regex s_name = new("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);

    private void ReadLists(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "lists must be a mapping of name to { kind, values }");
            return;
        }

        foreach ((string name, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            if (!s_name.IsMatch(name))
            {
                Error(keyNode, $"list name '{name}' must be letters, digits, '-', '_' or '.'");
                continue;
            }

            if (_lists.TryGetValue(name, out ListDefinition? existing))
            {
                Error(keyNode, $"list '{name}' is already defined at {existing.File}:{existing.Line}");
                continue;
            }

            if (value is not YamlMappingNode entry)
            {
                Error(value, $"list '{name}' must be a mapping with kind: and values:");
                continue;
            }

            ListKind? kind = null;
            List<string>? values = null;
            YamlNode? valuesNode = null;
            foreach ((string key, YamlNode k, YamlNode v) in Yaml.Entries(entry))
            {
                switch (key)
                {
                    case "kind":
                        kind = Yaml.Text(v) switch
                        {
                            "countries" => ListKind.Countries,
                            "hsPrefixes" => ListKind.HsPrefixes,
                            "keywords" => ListKind.Keywords,
                            "strings" or "traders" => ListKind.Strings,
                            _ => null,
                        };
                        if (kind is null)
                        {
                            Error(v, $"list '{name}': kind must be countries, hsPrefixes, keywords, strings or traders");
                        }

                        break;
                    case "values":
                        valuesNode = v;
                        values = StringList(v, $"list '{name}'");
                        break;
                    case "description" or "source":
                        break;
                    default:
                        Error(k, $"list '{name}': unknown key '{key}' (expected kind, values, description, source)");
                        break;
                }
            }

            if (kind is null || values is null || valuesNode is null)
            {
                if (kind is not null)
                {
                    Error(keyNode, $"list '{name}' needs values:");
                }

                continue;
            }

            if (CheckValues(kind.Value, values, valuesNode, $"list '{name}'"))
            {
                _lists[name] = new ListDefinition(name, kind.Value, values, _file, Yaml.Line(keyNode));
            }
        }
    }

    private List<string>? StringList(YamlNode node, string what)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{what}: values must be a list, e.g. [a, b]");
            return null;
        }

        var values = new List<string>();
        foreach (YamlNode item in sequence)
        {
            if (Yaml.Text(item) is { } text)
            {
                values.Add(text);
            }
            else
            {
                Error(item, $"{what}: every value must be a plain string");
            }
        }

        return values;
    }

    private bool CheckValues(ListKind kind, List<string> values, YamlNode node, string what)
    {
        bool ok = true;
        var nodes = node is YamlSequenceNode s ? s.Children : [];
        for (int i = 0; i < values.Count; i++)
        {
            string v = values[i];
            YamlNode at = i < nodes.Count ? nodes[i] : node;
            string? problem = kind switch
            {
                ListKind.Countries when CountrySet.IndexOf(Encoding.ASCII.GetBytes(v)) < 0 || !string.Equals(v.ToUpperInvariant(), v, StringComparison.Ordinal) => $"'{v}' is not an ISO 3166-1 alpha-2 code (two upper-case letters)",
                ListKind.HsPrefixes when v.Length is < 1 or > 10 || !v.All(char.IsAsciiDigit) => $"'{v}' is not an HS prefix (1 to 10 digits; quote it so YAML keeps leading zeros)",
                ListKind.Keywords when TextFolder.Fold(v).Length <= 1 => $"'{v}' has no letters or digits",
                _ => null,
            };
            if (problem is not null)
            {
                Error(at, $"{what}: {problem}");
                ok = false;
            }
        }

        return ok;
    }

    private void ReadTables(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "tables must be a mapping of name to { currency, columns, rows }");
            return;
        }

        foreach ((string name, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            if (_tables.ContainsKey(name))
            {
                Error(keyNode, $"table '{name}' is defined twice");
                continue;
            }

            if (value is not YamlMappingNode entry)
            {
                Error(value, $"table '{name}' must be a mapping with currency, columns and rows");
                continue;
            }

            string? currency = null;
            List<string>? columns = null;
            YamlMappingNode? rowsNode = null;
            foreach ((string key, YamlNode k, YamlNode v) in Yaml.Entries(entry))
            {
                switch (key)
                {
                    case "currency":
                        currency = Yaml.Text(v);
                        if (currency is null || !_rates.ContainsKey(currency))
                        {
                            Error(v, $"table '{name}': currency '{currency}' is not in pack.yaml currencies.rates");
                            currency = null;
                        }

                        break;
                    case "columns":
                        columns = StringList(v, $"table '{name}'");
                        break;
                    case "rows" when v is YamlMappingNode rows:
                        rowsNode = rows;
                        break;
                    case "description" or "source" or "key":
                        break;
                    default:
                        Error(k, $"table '{name}': '{key}' is unknown or not valid (expected description, source, currency, columns, rows: {{ \"hsPrefix\": {{ column: value }} }})");
                        break;
                }
            }

            if (columns is null || columns.Count == 0 || rowsNode is null)
            {
                Error(keyNode, $"table '{name}' needs columns: and rows:");
                continue;
            }

            var entries = new List<(byte[] Prefix, ulong Mask, int Row)>();
            var rowValues = new List<double[]>();
            foreach ((string prefix, YamlNode k, YamlNode v) in Yaml.Entries(rowsNode))
            {
                if (prefix.Length is < 1 or > 10 || !prefix.All(char.IsAsciiDigit))
                {
                    Error(k, $"table '{name}': row key '{prefix}' is not an HS prefix (1 to 10 digits, quoted)");
                    continue;
                }

                var row = new double[columns.Count];
                Array.Fill(row, double.NaN);
                if (v is not YamlMappingNode cells)
                {
                    Error(v, $"table '{name}': row '{prefix}' must map column names to numbers");
                    continue;
                }

                foreach ((string column, YamlNode ck, YamlNode cv) in Yaml.Entries(cells))
                {
                    int at = columns.IndexOf(column);
                    if (at < 0 || !Yaml.TryNumber(cv, out double number))
                    {
                        Error(ck, $"table '{name}': row '{prefix}': '{column}' must be one of the columns ({string.Join(", ", columns)}) with a number");
                        continue;
                    }

                    row[at] = number;
                }

                entries.Add((Encoding.ASCII.GetBytes(prefix), 0, rowValues.Count));
                rowValues.Add(row);
            }

            _tables[name] = new ReferenceTable(name, currency, currency is null ? 1 : _rates[currency], [.. columns], new ByteTrie(entries), [.. rowValues]);
        }
    }

    /// <summary>Resolves a list operand: an inline YAML list or "@name".</summary>
    private (List<string> Values, ListKind? Kind, string Key)? ListOperand(YamlNode node, string op)
    {
        if (Yaml.Text(node) is { } text)
        {
            if (!text.StartsWith('@'))
            {
                Error(node, $"{op}: expected a list [..] or a reference \"@list-name\", got '{text}'");
                return null;
            }

            if (!_lists.TryGetValue(text[1..], out ListDefinition? list))
            {
                Error(node, $"{op}: unknown list '{text[1..]}'{Suggest(text[1..], _lists.Keys)}");
                return null;
            }

            return ([.. list.Values], list.Kind, "@" + list.Name);
        }

        List<string>? values = StringList(node, op);
        return values is null ? null : (values, null, "inline:" + string.Join('\u0001', values));
    }

    private static string Suggest(string name, IEnumerable<string> known)
    {
        string? close = known
            .Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(k => k.Distance <= Math.Max(2, name.Length / 4) || k.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(k => k.Distance)
            .Select(k => k.Name)
            .FirstOrDefault();
        return close is null ? string.Empty : $" (did you mean '{close}'?)";

        static int Distance(string a, string b)
        {
            var row = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                row[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int above = row[j];
                    row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                    diagonal = above;
                }
            }

            return row[b.Length];
        }
    }
}
