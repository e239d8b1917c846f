using System.Text;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Fiscal;
using ParcelStream.Rules.Text;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>assessment: the fiscal assessment's settings, VAT rates and tariffs (rules/README.md, "Fiscal assessment").</summary>
internal sealed partial class PackCompiler
{
    private static readonly (string Key, string Currency)[] s_zones = [("EU", "EUR"), ("GB", "GBP"), ("US", "USD"), ("CA", "CAD"), ("AU", "AUD")];

    private YamlMappingNode? _assessment;
    private string _assessmentFile = string.Empty;

    private void ReadAssessment(YamlNode keyNode, YamlNode value)
    {
        if (_assessment is not null)
        {
            Error(keyNode, $"'assessment' is defined twice (first in {_assessmentFile})");
        }
        else if (value is not YamlMappingNode map)
        {
            Error(value, "assessment must be a mapping (flatDutyScope, vatWithoutIoss, euDestinations, cusmaOrigins, vatRates, dutyRates)");
        }
        else
        {
            _assessment = map;
            _assessmentFile = _file;
        }
    }

    /// <summary>Compiles the assessment section once every list, table and threshold is known; null when the pack has none.</summary>
    private FiscalSettings? CompileAssessment()
    {
        if (_assessment is null)
        {
            return null;
        }

        _file = _assessmentFile;
        _ruleId = null;
        bool iossOnly = false;
        bool special = true;
        CountrySet? eu = null;
        CountrySet? cusma = null;
        var vatRates = new Threshold?[CountrySet.CodeCount];
        var duty = new DutyRates?[s_zones.Length];
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(_assessment))
        {
            string? text = Yaml.Text(value);
            given.Add(key);
            switch (key)
            {
                case "description":
                    break;
                case "flatDutyScope" when text is "all" or "ioss":
                    iossOnly = text == "ioss";
                    break;
                case "vatWithoutIoss" when text is "special-arrangements" or "standard":
                    special = text == "special-arrangements";
                    break;
                case "euDestinations":
                    eu = CountryList(value, key);
                    break;
                case "cusmaOrigins":
                    cusma = CountryList(value, key);
                    break;
                case "vatRates" when value is YamlMappingNode rates:
                    ReadVatRates(rates, vatRates);
                    break;
                case "dutyRates" when value is YamlMappingNode tariffs:
                    ReadDutyRates(tariffs, duty, given);
                    break;
                default:
                    Error(keyNode, $"assessment: '{key}: {text}' is unknown or not valid (expected flatDutyScope: all | ioss, vatWithoutIoss: special-arrangements | standard, euDestinations: \"@list\", cusmaOrigins: \"@list\", vatRates: {{ CC: [periods] }}, dutyRates: {{ EU|GB|US|CA|AU: {{ table, default }} }}, description)");
                    break;
            }
        }

        if (!given.Contains("euDestinations") || !given.Contains("cusmaOrigins"))
        {
            Error(_assessment, "assessment needs euDestinations: and cusmaOrigins: (country lists, \"@name\")");
        }

        var thresholds = new Threshold[FiscalSettings.ThresholdNames.Length];
        for (int i = 0; i < thresholds.Length; i++)
        {
            string name = FiscalSettings.ThresholdNames[i];
            if (!_thresholds.TryGetValue(name, out Threshold? threshold) || threshold.Currency is null)
            {
                Error(_assessment, $"assessment needs the threshold '{name}' with a currency (thresholds: in any file)");
                continue;
            }

            thresholds[i] = threshold;
        }

        var zones = new ZoneSettings[s_zones.Length];
        for (int i = 0; i < s_zones.Length; i++)
        {
            (string zone, string currency) = s_zones[i];
            int index = CurrencyTable.IndexOf(Encoding.ASCII.GetBytes(currency));
            if (double.IsNaN(_currencyRate[index]) || (duty[i] is null && !given.Contains("dutyRates." + zone)))
            {
                Error(_assessment, $"assessment of {zone} needs {currency} in currencies.rates and dutyRates.{zone}");
                continue;
            }

            if (duty[i] is { } rates)
            {
                zones[i] = new ZoneSettings(Encoding.ASCII.GetBytes(currency), index, (int)Math.Round(Math.Log10(_currencyScale[index])), rates);
            }
        }

        return _errors.Count > 0 ? null : new FiscalSettings
        {
            EuDestinations = eu!,
            CusmaOrigins = cusma!,
            FlatDutyIossOnly = iossOnly,
            SpecialArrangements = special,
            VatRates = vatRates,
            Zones = zones,
            Thresholds = thresholds,
        };
    }

    private CountrySet? CountryList(YamlNode node, string key)
    {
        string? text = Yaml.Text(node);
        if (text is null || !text.StartsWith('@') || !_lists.TryGetValue(text[1..], out ListDefinition? list) || list.Kind != ListKind.Countries)
        {
            Error(node, $"assessment: {key} must name a countries list (\"@name\"){(text is { Length: > 1 } ? Suggest(text[1..], _lists.Keys) : string.Empty)}");
            return null;
        }

        return new CountrySet(list.Values);
    }

    private void ReadVatRates(YamlMappingNode rates, Threshold?[] vatRates)
    {
        foreach ((string country, YamlNode keyNode, YamlNode value) in Yaml.Entries(rates))
        {
            int index = CountrySet.IndexOf(Encoding.ASCII.GetBytes(country));
            if (index < 0 || country.Any(char.IsAsciiLetterLower))
            {
                Error(keyNode, $"assessment: vatRates: '{country}' is not a two-letter upper-case country code");
                continue;
            }

            var periods = new List<ThresholdPeriod>();
            ReadPeriods($"vatRates.{country}", value, periods);
            if (periods.Any(p => p.Value is < 0 or > 100))
            {
                Error(value, $"assessment: vatRates.{country}: a rate is a percent in 0..100");
            }

            vatRates[index] = new Threshold($"vatRates.{country}", null, 1, [.. periods]);
        }
    }

    private void ReadDutyRates(YamlMappingNode tariffs, DutyRates?[] duty, HashSet<string> given)
    {
        foreach ((string zone, YamlNode keyNode, YamlNode value) in Yaml.Entries(tariffs))
        {
            given.Add("dutyRates." + zone);
            int at = Array.FindIndex(s_zones, z => z.Key == zone);
            string? tableName = value is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("table"), out YamlNode? t) ? Yaml.Text(t) : null;
            double percent = 0;
            bool ok = at >= 0 && value is YamlMappingNode entry && entry.Children.Count is 1 or 2
                && entry.Children.TryGetValue(new YamlScalarNode("default"), out YamlNode? d) && Yaml.TryNumber(d, out percent) && percent is >= 0 and <= 1000
                && (entry.Children.Count == 1 || tableName is not null);
            if (!ok)
            {
                Error(at < 0 ? keyNode : value, $"assessment: dutyRates.{zone} must be one of EU, GB, US, CA, AU with {{ table: name (optional; column percent), default: percent for lines without a row }}");
                continue;
            }

            ReferenceTable? table = null;
            int column = -1;
            if (tableName is not null && (!_tables.TryGetValue(tableName, out table) || (column = IndexOfColumn(table, "percent")) < 0))
            {
                Error(value, $"assessment: dutyRates.{zone}: '{tableName}' is not a table with a column 'percent'{Suggest(tableName, _tables.Keys)}");
                continue;
            }

            duty[at] = new DutyRates(table, column, percent);
        }

        static int IndexOfColumn(ReferenceTable table, string name)
        {
            for (int i = 0; i < table.Columns.Count; i++)
            {
                if (table.Columns[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
