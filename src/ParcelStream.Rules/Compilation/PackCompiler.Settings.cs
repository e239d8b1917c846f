using System.Text;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Screening;
using ParcelStream.Rules.Text;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>pack.yaml: version, name, scoring, currencies, watch lists; thresholds and assessment (any file).</summary>
internal sealed partial class PackCompiler
{
    private void ReadSettings(YamlMappingNode root, bool isPackFile)
    {
        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(root))
        {
            if (!isPackFile && key is "version" or "name" or "scoring" or "currencies" or "watchLists" or "model")
            {
                Error(keyNode, $"'{key}' belongs in pack.yaml");
                continue;
            }

            switch (key)
            {
                case "version":
                    _version = Yaml.Text(value);
                    if (string.IsNullOrWhiteSpace(_version))
                    {
                        Error(value, "version must be a non-empty string, e.g. \"2026.11.1\"");
                        _version = null;
                    }

                    break;
                case "name":
                    _name = Yaml.Text(value) ?? string.Empty;
                    break;
                case "scoring":
                    ReadScoring(value);
                    break;
                case "currencies":
                    ReadCurrencies(value);
                    break;
                case "watchLists":
                    ReadWatchLists(value);
                    break;
                case "thresholds":
                    ReadThresholds(value);
                    break;
                case "assessment":
                    ReadAssessment(keyNode, value);
                    break;
                case "model":
                    ReadModel(value);
                    break;
            }
        }
    }

    private void ReadScoring(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "scoring must be a mapping (baseLogOdds)");
            return;
        }

        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            if (key == "baseLogOdds" && Yaml.TryNumber(value, out double odds))
            {
                _baseLogOdds = odds;
            }
            else
            {
                Error(keyNode, key == "baseLogOdds" ? "baseLogOdds must be a number (log-odds of the prior, e.g. -4)" : $"unknown scoring key '{key}' (expected baseLogOdds)");
            }
        }
    }

    private void ReadCurrencies(YamlNode node)
    {
        if (node is not YamlMappingNode map || map.Children.TryGetValue(new YamlScalarNode("rates"), out YamlNode? ratesNode) is false || ratesNode is not YamlMappingNode rates)
        {
            Error(node, "currencies must be a mapping with base: and rates: { CODE: { exponent: 2, rate: 1.08 } }");
            return;
        }

        string? baseCurrency = map.Children.TryGetValue(new YamlScalarNode("base"), out YamlNode? baseNode) ? Yaml.Text(baseNode) : null;
        foreach ((string code, YamlNode keyNode, YamlNode value) in Yaml.Entries(rates))
        {
            int index = CurrencyTable.IndexOf(Encoding.ASCII.GetBytes(code));
            if (index < 0)
            {
                Error(keyNode, $"'{code}' is not an ISO 4217 code (three upper-case letters)");
                continue;
            }

            if (value is not YamlMappingNode entry
                || !entry.Children.TryGetValue(new YamlScalarNode("exponent"), out YamlNode? expNode) || !Yaml.TryNumber(expNode, out double exponent)
                || exponent is < 0 or > 4 || exponent != Math.Floor(exponent)
                || !entry.Children.TryGetValue(new YamlScalarNode("rate"), out YamlNode? rateNode) || !Yaml.TryNumber(rateNode, out double rate) || rate <= 0)
            {
                Error(value, $"{code}: expected {{ exponent: 0..4 (ISO 4217 minor-unit digits), rate: units of {code} per one {baseCurrency ?? "base"} unit, positive }}");
                continue;
            }

            _rates[code] = rate;
            _currencyScale[index] = Math.Pow(10, exponent);
            _currencyRate[index] = rate;
        }

        if (baseCurrency is null || !_rates.TryGetValue(baseCurrency, out double baseRate) || baseRate != 1)
        {
            Error(node, $"currencies.base must be one of the rates with rate 1 (got '{baseCurrency}')");
        }
    }

    private void ReadThresholds(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "thresholds must be a mapping of name to { currency, periods }");
            return;
        }

        foreach ((string name, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            if (_thresholds.ContainsKey(name))
            {
                Error(keyNode, $"threshold '{name}' is defined twice");
                continue;
            }

            if (value is not YamlMappingNode entry)
            {
                Error(value, $"threshold '{name}' must be a mapping with periods: [{{ from, until, value }}]");
                continue;
            }

            string? currency = null;
            var periods = new List<ThresholdPeriod>();
            foreach ((string key, YamlNode k, YamlNode v) in Yaml.Entries(entry))
            {
                switch (key)
                {
                    case "currency":
                        currency = Yaml.Text(v);
                        if (currency is null || !_rates.ContainsKey(currency))
                        {
                            Error(v, $"threshold '{name}': currency '{currency}' is not in pack.yaml currencies.rates");
                            currency = null;
                        }

                        break;
                    case "periods":
                        ReadPeriods(name, v, periods);
                        break;
                    case "description":
                        break;
                    default:
                        Error(k, $"threshold '{name}': unknown key '{key}' (expected description, currency, periods)");
                        break;
                }
            }

            if (periods.Count == 0)
            {
                Error(keyNode, $"threshold '{name}' has no periods");
            }

            _thresholds[name] = new Threshold(name, currency, currency is null ? 1 : _rates[currency], [.. periods]);
        }
    }

    private void ReadPeriods(string name, YamlNode node, List<ThresholdPeriod> periods)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"threshold '{name}': periods must be a list of {{ from, until, value }}");
            return;
        }

        foreach (YamlNode item in sequence)
        {
            if (item is not YamlMappingNode period)
            {
                Error(item, $"threshold '{name}': a period is {{ from: yyyy-MM-dd, until: yyyy-MM-dd, value: number }} (from and until optional, both inclusive)");
                continue;
            }

            long from = long.MinValue;
            long until = long.MaxValue;
            double? value = null;
            foreach ((string key, YamlNode k, YamlNode v) in Yaml.Entries(period))
            {
                switch (key)
                {
                    case "from" when Yaml.TryDate(v, out DateOnly date):
                        from = Yaml.StartMillis(date);
                        break;
                    case "until" when Yaml.TryDate(v, out DateOnly date):
                        until = Yaml.EndMillis(date);
                        break;
                    case "value" when Yaml.TryNumber(v, out double number):
                        value = number;
                        break;
                    default:
                        Error(k, $"threshold '{name}': '{key}: {Yaml.Text(v)}' is not valid (from/until: yyyy-MM-dd, value: number)");
                        break;
                }
            }

            if (value is null)
            {
                Error(item, $"threshold '{name}': a period needs a value");
                continue;
            }

            if (from >= until)
            {
                Error(item, $"threshold '{name}': the period ends before it starts");
                continue;
            }

            if (periods.Any(p => from < p.UntilMillis && p.FromMillis < until))
            {
                Error(item, $"threshold '{name}': periods overlap");
                continue;
            }

            periods.Add(new ThresholdPeriod(from, until, value.Value));
        }
    }

    private void ReadWatchLists(YamlNode node)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, "watchLists must be a mapping of name to { file, nameColumn, aliasesColumn, countryColumn }");
            return;
        }

        foreach ((string name, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            if (value is not YamlMappingNode entry)
            {
                Error(value, $"watch list '{name}' must be a mapping with file: and the column names");
                continue;
            }

            var settings = new WatchListFormat();
            var ignore = new List<string>();
            foreach ((string key, YamlNode k, YamlNode v) in Yaml.Entries(entry))
            {
                string? text = Yaml.Text(v);
                switch (key)
                {
                    case "file" when text is not null:
                        settings.File = text;
                        break;
                    case "nameColumn" when text is not null:
                        settings.NameColumn = text;
                        break;
                    case "aliasesColumn" when text is not null:
                        settings.AliasesColumn = text.Length == 0 ? null : text;
                        break;
                    case "countryColumn" when text is not null:
                        settings.CountryColumn = text.Length == 0 ? null : text;
                        break;
                    case "delimiter" when text is { Length: 1 }:
                        settings.Delimiter = text[0];
                        break;
                    case "separator" when !string.IsNullOrEmpty(text):
                        settings.Separator = text;
                        break;
                    case "ignoreWords" when v is YamlSequenceNode words:
                        ignore.AddRange(words.Select(Yaml.Text).OfType<string>());
                        break;
                    case "description":
                        break;
                    default:
                        Error(k, $"watch list '{name}': '{key}' is unknown or not valid (expected file, nameColumn, aliasesColumn, countryColumn, delimiter (one character), separator, ignoreWords (a list), description)");
                        break;
                }
            }

            if (settings.File.Length == 0)
            {
                Error(keyNode, $"watch list '{name}' needs file:");
                continue;
            }

            List<WatchListEntry>? entries = ReadWatchListFile(name, settings);
            if (entries is not null)
            {
                _watchLists[name] = new WatchList(name, entries, ignore);
                _watchListParties.AddRange(entries.Select(e => new WatchListParty(name, e.Name, e.Countries)));
            }
        }
    }

    private List<WatchListEntry>? ReadWatchListFile(string name, WatchListFormat format)
    {
        string display = Display(format.File);
        string path = Path.Combine(_directory, format.File);
        if (!File.Exists(path))
        {
            Error(0, $"watch list '{name}': file '{display}' not found");
            return null;
        }

        List<(int Line, string[] Fields)> rows;
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            rows = CsvReader.Read(reader, format.Delimiter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(0, $"watch list '{name}': cannot read '{display}': {e.Message}");
            return null;
        }

        if (rows.Count == 0)
        {
            _errors.Add(new RuleValidationError(display, 1, null, $"watch list '{name}': no header line"));
            return null;
        }

        string[] header = rows[0].Fields.Select(h => h.Trim()).ToArray();
        int nameAt = Array.IndexOf(header, format.NameColumn);
        int aliasesAt = format.AliasesColumn is null ? -1 : Array.IndexOf(header, format.AliasesColumn);
        int countryAt = format.CountryColumn is null ? -1 : Array.IndexOf(header, format.CountryColumn);
        if (nameAt < 0 || (format.AliasesColumn is not null && aliasesAt < 0) || (format.CountryColumn is not null && countryAt < 0))
        {
            _errors.Add(new RuleValidationError(display, rows[0].Line, null,
                $"watch list '{name}': header must have the columns {format.NameColumn}, {format.AliasesColumn}, {format.CountryColumn} (found: {string.Join(", ", header)})"));
            return null;
        }

        var entries = new List<WatchListEntry>();
        foreach ((int line, string[] fields) in rows.Skip(1))
        {
            string entryName = nameAt < fields.Length ? fields[nameAt].Trim() : string.Empty;
            if (entryName.Length == 0)
            {
                _errors.Add(new RuleValidationError(display, line, null, $"watch list '{name}': empty {format.NameColumn}"));
                continue;
            }

            string[] aliases = Split(aliasesAt, fields, format.Separator);
            string[] countries = Split(countryAt, fields, format.Separator);
            string? bad = countries.FirstOrDefault(c => CountrySet.IndexOf(Encoding.ASCII.GetBytes(c)) < 0);
            if (bad is not null)
            {
                _errors.Add(new RuleValidationError(display, line, null, $"watch list '{name}': '{bad}' is not a two-letter country code"));
                continue;
            }

            entries.Add(new WatchListEntry(entryName, aliases, countries.Select(c => c.ToUpperInvariant()).ToArray(), line));
        }

        return entries;

        static string[] Split(int at, string[] fields, string separator) =>
            at < 0 || at >= fields.Length ? [] : fields[at].Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How a watch-list file is laid out.</summary>
    private sealed class WatchListFormat
    {
        public string File { get; set; } = string.Empty;

        public string NameColumn { get; set; } = "name";

        public string? AliasesColumn { get; set; } = "aliases";

        public string? CountryColumn { get; set; } = "country";

        public char Delimiter { get; set; } = ',';

        public string Separator { get; set; } = ";";
    }
}
