using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ParcelStream.Rules.Identifiers;
using ParcelStream.Rules.Screening;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Benchmarks;

/// <summary>
/// The helper functions a team would register with Microsoft's RulesEngine (ReSettings.CustomTypes) to express the
/// default pack: idiomatic C# over strings (compiled regular expressions for keywords, HashSets for lists). The reference
/// lists, rates, thresholds and table come from the same YAML files; denied-party screening calls the same matcher.
/// </summary>
public static class H
{
    private static readonly Dictionary<string, HashSet<string>> s_sets = [];
    private static readonly Dictionary<string, string[]> s_prefixes = [];
    private static readonly Dictionary<string, Regex> s_contains = [];
    private static readonly Dictionary<string, Regex> s_only = [];
    private static readonly Dictionary<string, double> s_rates = [];
    private static readonly Dictionary<string, int> s_exponents = [];
    private static readonly Dictionary<string, (long From, long Until, double Value, string Currency)[]> s_thresholds = [];
    private static readonly Dictionary<string, Dictionary<string, Dictionary<string, double>>> s_tables = [];

    // The hs-description-mismatch rule's device words and the headings they belong under.
    private static readonly (Regex Words, string[] Headings)[] s_devices =
    [
        (Words("smartphone", "smartphones", "mobile phone", "mobile phones", "cell phone", "cellphone", "iphone"), ["8517"]),
        (Words("laptop", "laptops", "notebook computer", "macbook", "tablet computer", "ipad"), ["8471"]),
        (Words("drone", "drones", "quadcopter"), ["8806", "9503"]),
        (Words("game console", "games console", "video game console", "playstation", "xbox", "nintendo switch"), ["9504"]),
        (Words("smartwatch", "smartwatches", "smart watch"), ["851762", "9102"]),
        (Words("digital camera", "mirrorless camera", "dslr", "action camera"), ["8525"]),
        (Words("headphones", "earphones", "earbuds"), ["8518"]),
    ];
    private static WatchList? s_watchList;

    public static void Load(string directory)
    {
        foreach (string file in Directory.GetFiles(directory, "*.yaml"))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (var (key, value) in root.Children)
            {
                switch (((YamlScalarNode)key).Value)
                {
                    case "lists":
                        LoadLists((YamlMappingNode)value);
                        break;
                    case "currencies":
                        foreach (var (code, rate) in (YamlMappingNode)((YamlMappingNode)value)["rates"])
                        {
                            string c = ((YamlScalarNode)code).Value!;
                            s_rates[c] = Number(((YamlMappingNode)rate)["rate"]);
                            s_exponents[c] = (int)Number(((YamlMappingNode)rate)["exponent"]);
                        }

                        break;
                    case "thresholds":
                        foreach (var (name, def) in (YamlMappingNode)value)
                        {
                            var map = (YamlMappingNode)def;
                            string currency = ((YamlScalarNode)map["currency"]).Value!;
                            s_thresholds[((YamlScalarNode)name).Value!] = ((YamlSequenceNode)map["periods"]).Cast<YamlMappingNode>().Select(p => (
                                p.Children.TryGetValue("from", out YamlNode? f) ? Day(f) : long.MinValue,
                                p.Children.TryGetValue("until", out YamlNode? u) ? Day(u) + 86_400_000 : long.MaxValue,
                                Number(p["value"]),
                                currency)).ToArray();
                        }

                        break;
                    // Every table by name (assessment.yaml's duty rates too, which the peer does not evaluate).
                    case "tables":
                        foreach (var (name, table) in (YamlMappingNode)value)
                        {
                            var rows = new Dictionary<string, Dictionary<string, double>>();
                            foreach (var (prefix, row) in (YamlMappingNode)((YamlMappingNode)table)["rows"])
                            {
                                rows[((YamlScalarNode)prefix).Value!] = ((YamlMappingNode)row).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => Number(c.Value));
                            }

                            s_tables[((YamlScalarNode)name).Value!] = rows;
                        }

                        break;
                }
            }
        }

        string[] lines = File.ReadAllLines(Path.Combine(directory, "denied-parties.csv")).Where(l => !l.StartsWith('#')).Skip(1).ToArray();
        var entries = lines.Select((l, i) =>
        {
            string[] f = l.StartsWith('"') ? [l[1..l.IndexOf('"', 1)], .. l[(l.IndexOf('"', 1) + 2)..].Split(',')] : l.Split(',');
            return new WatchListEntry(f[0], f[1].Split(';', StringSplitOptions.RemoveEmptyEntries), f[2].Split(';', StringSplitOptions.RemoveEmptyEntries), i + 2);
        }).ToList();
        s_watchList = new WatchList("denied-parties", entries, ["ltd", "limited", "llc", "inc", "co", "corp", "corporation", "company", "gmbh", "ag", "sa", "srl", "sarl", "bv", "nv", "plc", "oy", "ab", "spa", "pte", "pvt", "jsc", "ooo", "the", "and", "of"]);
    }

    public static bool Missing(string? value) => string.IsNullOrWhiteSpace(value);

    public static bool S10(string id) => S10Id.IsValid(id);

    public static bool Ioss(string? value) => value is not null && Regex.IsMatch(value, "^IM[0-9]{10}$");

    public static bool Hs(string code) => Regex.IsMatch(code, "^(?!00|77|98|99)[0-9]{6}([0-9]{2}){0,2}$");

    public static bool InList(string? value, string list) => value is not null && s_sets[list].Contains(value.Trim());

    public static bool HsPrefix(string code, string list) => s_prefixes[list].Any(code.StartsWith);

    public static bool ContainsWord(string text, string list) => s_contains[list].IsMatch(text);

    public static bool OnlyWords(string text, string list) => s_only[list].IsMatch(text);

    public static double Convert(long minor, string currency, string target) =>
        !s_rates.TryGetValue(currency, out double rate) ? double.NaN
            : currency == target ? minor / Math.Pow(10, s_exponents[currency])
            : minor / Math.Pow(10, s_exponents[currency]) / rate * s_rates[target];

    public static double Threshold(string name, long createdAt)
    {
        foreach (var period in s_thresholds[name])
        {
            if (createdAt >= period.From && createdAt < period.Until)
            {
                return period.Value;
            }
        }

        return double.NaN;
    }

    public static double Ref(string hsCode, string column) => Table("hs-reference-values", hsCode, column);

    public static double Table(string table, string hsCode, string column)
    {
        for (int length = hsCode.Length; length > 0; length--)
        {
            if (s_tables[table].TryGetValue(hsCode[..length], out Dictionary<string, double>? row))
            {
                return row.TryGetValue(column, out double value) ? value : double.NaN;
            }
        }

        return double.NaN;
    }

    public static bool DeviceUnderOtherHeading(string description, string hsCode) =>
        s_devices.Any(d => d.Words.IsMatch(description) && !d.Headings.Any(hsCode.StartsWith));

    public static double Ratio(long part, long whole) => whole > 0 ? (double)part / whole : part == 0 ? 1.0 : double.PositiveInfinity;

    public static bool Denied(string name, string country) =>
        s_watchList!.Match(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(country)) >= 0;

    private static void LoadLists(YamlMappingNode lists)
    {
        foreach (var (key, value) in lists)
        {
            string name = ((YamlScalarNode)key).Value!;
            var def = (YamlMappingNode)value;
            string kind = ((YamlScalarNode)def["kind"]).Value!;
            string[] values = ((YamlSequenceNode)def["values"]).Select(v => ((YamlScalarNode)v).Value!).ToArray();
            s_sets[name] = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);
            s_prefixes[name] = values;
            if (kind == "keywords")
            {
                string alternatives = string.Join('|', values.Select(v => string.Join(@"\W+", Regex.Split(v, @"\W+").Where(w => w.Length > 0).Select(Regex.Escape))));
                s_contains[name] = new Regex($@"\b(?:{alternatives})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
                s_only[name] = new Regex($@"^\W*(?:(?:{alternatives})(?:\W+|$))+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
            }
        }
    }

    private static Regex Words(params string[] values) =>
        new($@"\b(?:{string.Join('|', values.Select(v => string.Join(@"\W+", Regex.Split(v, @"\W+").Where(w => w.Length > 0).Select(Regex.Escape))))})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static double Number(YamlNode node) => double.Parse(((YamlScalarNode)node).Value!, CultureInfo.InvariantCulture);

    private static long Day(YamlNode node) =>
        new DateTimeOffset(DateOnly.ParseExact(((YamlScalarNode)node).Value!, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
