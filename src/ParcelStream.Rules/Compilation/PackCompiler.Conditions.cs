using System.Text;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Evaluation.Conditions;
using ParcelStream.Rules.Screening;
using ParcelStream.Rules.Text;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>Conditions: YAML to plan nodes.</summary>
internal sealed partial class PackCompiler
{
    private static readonly string[] s_logical = ["all", "any", "not", "anyItem", "allItems"];
    private static readonly string[] s_comparisons = ["gt", "gte", "lt", "lte"];
    private static readonly string[] s_operators =
        ["equals", "in", "gt", "gte", "lt", "lte", "prefix", "containsWord", "onlyWords", "missing", "present", "format", "watchList"];

    private static readonly Dictionary<string, ValueKind> s_manifestValues = new(StringComparer.Ordinal)
    {
        ["totalValue"] = ValueKind.TotalValue,
        ["itemValueSum"] = ValueKind.ItemValueSum,
        ["itemValueSumRatio"] = ValueKind.ItemValueSumRatio,
        ["netWeightSum"] = ValueKind.NetWeightSum,
        ["netWeightSumRatio"] = ValueKind.NetWeightSumRatio,
        ["itemCount"] = ValueKind.ItemCount,
        ["totalQuantity"] = ValueKind.TotalQuantity,
        ["distinctSubheadings"] = ValueKind.DistinctSubheadings,
        ["totalValuePerKg"] = ValueKind.TotalValuePerKg,
        ["createdAtOutOfRange"] = ValueKind.CreatedAtOutOfRange,
        ["sumOverflow"] = ValueKind.SumOverflow,
        ["sellerRisk"] = ValueKind.SellerRisk,
        ["sellerRiskLift"] = ValueKind.SellerRiskLift,
        ["sellerInspections"] = ValueKind.SellerInspections,
        ["sellerFindings"] = ValueKind.SellerFindings,
        ["consignorRisk"] = ValueKind.ConsignorRisk,
        ["consignorRiskLift"] = ValueKind.ConsignorRiskLift,
        ["consignorInspections"] = ValueKind.ConsignorInspections,
        ["consignorFindings"] = ValueKind.ConsignorFindings,
    };

    private static readonly Dictionary<string, ValueKind> s_itemValues = new(StringComparer.Ordinal)
    {
        ["value"] = ValueKind.ItemValue,
        ["valuePerUnit"] = ValueKind.ValuePerUnit,
        ["valuePerKg"] = ValueKind.ValuePerKg,
    };

    private readonly Dictionary<string, CountrySet> _countrySets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Utf8Set> _stringSets = new(StringComparer.Ordinal);

    private Condition? CompileCondition(YamlNode node, bool inItem)
    {
        if (node is not YamlMappingNode map || map.Children.Count == 0)
        {
            Error(node, "a condition must be a mapping, e.g. { field: category, equals: GIFT } or { any: [ ... ] }");
            return null;
        }

        string? logical = Yaml.Entries(map).Select(e => e.Key).FirstOrDefault(k => s_logical.Contains(k));
        if (logical is null)
        {
            return Leaf(map, inItem);
        }

        if (map.Children.Count != 1)
        {
            Error(map, $"'{logical}' must be alone in its mapping; put other conditions inside it");
            return null;
        }

        YamlNode inner = map.Children.Values.First();
        switch (logical)
        {
            case "all" or "any":
                if (inner is not YamlSequenceNode list || list.Children.Count == 0)
                {
                    Error(inner, $"'{logical}' takes a non-empty list of conditions");
                    return null;
                }

                Condition?[] children = list.Children.Select(c => CompileCondition(c, inItem)).ToArray();
                if (children.Any(c => c is null))
                {
                    return null;
                }

                Condition[] nodes = children!;
                return nodes.Length == 1 ? nodes[0] : logical == "all" ? new AllCondition(nodes) : new AnyCondition(nodes);
            case "not":
                return CompileCondition(inner, inItem) is { } negated ? new NotCondition(negated) : null;
            default:
                if (inItem)
                {
                    Error(map, $"'{logical}' cannot be nested inside anyItem or allItems");
                    return null;
                }

                return CompileCondition(inner, inItem: true) is { } itemCondition ? new ItemsCondition(itemCondition, logical == "allItems") : null;
        }
    }

    private Condition? Leaf(YamlMappingNode map, bool inItem)
    {
        YamlNode? fieldNode = null;
        YamlNode? currencyNode = null;
        var ops = new List<(string Op, YamlNode Value)>();
        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            if (key == "field")
            {
                fieldNode = value;
            }
            else if (key == "currency")
            {
                currencyNode = value;
            }
            else if (s_operators.Contains(key))
            {
                ops.Add((key, value));
            }
            else
            {
                Error(keyNode, $"unknown condition key '{key}' (expected field, currency, {string.Join(", ", s_operators)}, or all/any/not/anyItem/allItems)");
                return null;
            }
        }

        if (fieldNode is null || Yaml.Text(fieldNode) is not { Length: > 0 } path)
        {
            Error(map, "a condition needs field: (a manifest field path such as consignor.name, or a computed value such as totalValue)");
            return null;
        }

        if (ops.Count == 0)
        {
            Error(map, $"condition on {path} has no operator ({string.Join(", ", s_operators)})");
            return null;
        }

        bool allComparisons = ops.All(o => s_comparisons.Contains(o.Op));
        if (ops.Count > 1 && !allComparisons)
        {
            Error(map, $"one operator per condition (found {string.Join(", ", ops.Select(o => o.Op))}); combine conditions with all:");
            return null;
        }

        if (!ResolveField(fieldNode, path, inItem, out FieldRef field, out ValueKind? computed))
        {
            return null;
        }

        (string op, YamlNode operand) = ops[0];
        if (currencyNode is not null && !allComparisons && op != "equals")
        {
            Error(currencyNode, "currency: applies only to comparisons of amounts");
            return null;
        }

        bool numeric = computed is not null || field.Kind is FieldKind.Int or FieldKind.Long;
        if (allComparisons || (op == "equals" && numeric))
        {
            return Numeric(map, path, field, computed, currencyNode, ops, inItem);
        }

        if (computed is not null)
        {
            Error(fieldNode, $"{path} is a number: use gt, gte, lt, lte or equals");
            return null;
        }

        return op switch
        {
            "equals" or "in" => Membership(field, op, operand),
            "prefix" => Feature(field, operand, op, keywords: false, word: 0),
            "containsWord" => Feature(field, operand, op, keywords: true, word: 0),
            "onlyWords" => Feature(field, operand, op, keywords: true, word: 1),
            "missing" or "present" => Presence(field, op, operand),
            "format" => Format(field, operand),
            _ => WatchListMatch(field, operand),
        };
    }

    private bool ResolveField(YamlNode node, string path, bool inItem, out FieldRef field, out ValueKind? computed)
    {
        field = default;
        computed = null;
        string itemName = path.StartsWith("items.", StringComparison.Ordinal) ? path[6..] : path;
        bool itemPath = path.StartsWith("items.", StringComparison.Ordinal);
        if (inItem && ManifestLayout.TryGetItemField(path, out ItemField itemField))
        {
            field = FieldRef.Of(itemField);
            return true;
        }

        if (inItem && s_itemValues.TryGetValue(itemName, out ValueKind itemValue))
        {
            computed = itemValue;
            return true;
        }

        if (!itemPath && ManifestLayout.TryGetField(path, out ManifestField manifestField))
        {
            field = FieldRef.Of(manifestField);
            return true;
        }

        if (!itemPath && s_manifestValues.TryGetValue(path, out ValueKind manifestValue))
        {
            computed = manifestValue;
            return true;
        }

        if (ManifestLayout.TryGetItemField(path, out _) || s_itemValues.ContainsKey(itemName))
        {
            Error(node, $"'{path}' is a field of a goods line: use it inside anyItem or allItems");
            return false;
        }

        IEnumerable<string> known = ManifestLayout.FieldPaths.Concat(s_manifestValues.Keys)
            .Concat(ManifestLayout.ItemFieldNames.Concat(s_itemValues.Keys).Select(n => "items." + n));
        Error(node, $"unknown field '{path}'{Suggest(path, known)}");
        return false;
    }

    private NumericCondition? Numeric(YamlMappingNode map, string path, FieldRef field, ValueKind? computed, YamlNode? currencyNode, List<(string Op, YamlNode Value)> ops, bool inItem)
    {
        if (computed is null && field.Kind is not (FieldKind.Int or FieldKind.Long))
        {
            Error(map, $"{path} is not a number; comparisons apply to numeric fields and computed values");
            return null;
        }

        var checks = new List<(Comparison, Operand)>();
        string? operandCurrency = null;
        foreach ((string op, YamlNode value) in ops)
        {
            if (ParseOperand(value, op, inItem) is not { } operand)
            {
                return null;
            }

            if (operand.Currency is { } c)
            {
                if (operandCurrency is not null && operandCurrency != c)
                {
                    Error(value, $"operands in different currencies ({operandCurrency}, {c})");
                    return null;
                }

                operandCurrency = c;
            }

            if (op == "equals")
            {
                checks.Add((Comparison.GreaterOrEqual, operand));
                checks.Add((Comparison.LessOrEqual, operand));
            }
            else
            {
                checks.Add((op switch { "gt" => Comparison.Greater, "gte" => Comparison.GreaterOrEqual, "lt" => Comparison.Less, _ => Comparison.LessOrEqual }, operand));
            }
        }

        ValueKind kind = computed ?? ValueKind.Field;
        bool money = ValueSource.IsMoneyKind(kind);
        string? currency = currencyNode is null ? operandCurrency : Yaml.Text(currencyNode);
        if (currencyNode is not null && operandCurrency is not null && currency != operandCurrency)
        {
            Error(currencyNode, $"currency {currency} differs from the operand's currency {operandCurrency}");
            return null;
        }

        double rate = 1;
        if (money)
        {
            if (currency is null || !_rates.TryGetValue(currency, out rate))
            {
                Error(currencyNode ?? map, currency is null
                    ? $"{path} is an amount: say which currency to compare in (currency: EUR) or compare with a threshold or table that has one"
                    : $"currency '{currency}' is not in pack.yaml currencies.rates");
                return null;
            }
        }
        else if (currency is not null)
        {
            Error(currencyNode ?? map, $"{path} is not an amount, but the comparison is in {currency}");
            return null;
        }

        return new NumericCondition(new ValueSource(kind, field, rate), [.. checks]);
    }

    private Operand? ParseOperand(YamlNode node, string op, bool inItem)
    {
        if (Yaml.TryNumber(node, out double number))
        {
            return Operand.Constant(number);
        }

        if (Yaml.Text(node) is { } text)
        {
            if (text.StartsWith('$') && _thresholds.TryGetValue(text[1..], out Threshold? threshold))
            {
                return Operand.Of(threshold);
            }

            Error(node, text.StartsWith('$')
                ? $"{op}: unknown threshold '{text[1..]}'{Suggest(text[1..], _thresholds.Keys)}"
                : $"{op}: expected a number, a threshold \"$name\" or {{ table, column, times }}, got '{text}'");
            return null;
        }

        if (node is YamlMappingNode map)
        {
            string? tableName = null;
            string? column = null;
            double times = 1;
            foreach ((string key, YamlNode k, YamlNode v) in Yaml.Entries(map))
            {
                switch (key)
                {
                    case "table":
                        tableName = Yaml.Text(v);
                        break;
                    case "column":
                        column = Yaml.Text(v);
                        break;
                    case "times" when Yaml.TryNumber(v, out double factor):
                        times = factor;
                        break;
                    default:
                        Error(k, $"{op}: a table operand is {{ table: name, column: name, times: number }}");
                        return null;
                }
            }

            if (tableName is null || !_tables.TryGetValue(tableName, out ReferenceTable? table))
            {
                Error(node, $"{op}: unknown table '{tableName}'");
                return null;
            }

            int at = column is null ? -1 : table.Columns.ToList().IndexOf(column);
            if (at < 0)
            {
                Error(node, $"{op}: table '{tableName}' has no column '{column}' (columns: {string.Join(", ", table.Columns)})");
                return null;
            }

            if (!inItem)
            {
                Error(node, $"{op}: table '{tableName}' is looked up by a line's HS code: use it inside anyItem or allItems");
                return null;
            }

            return Operand.Of(table, at, times, _features.RegisterTable(table));
        }

        Error(node, $"{op}: expected a number, a threshold \"$name\" or {{ table, column, times }}");
        return null;
    }

    private Condition? Membership(FieldRef field, string op, YamlNode operand)
    {
        if (field.Kind == FieldKind.Enum)
        {
            return EnumMembership(field, op, operand);
        }

        if (op == "equals")
        {
            if (Yaml.Text(operand) is not { } text)
            {
                Error(operand, $"equals on {field.Path} takes one string");
                return null;
            }

            return new StringEqualsCondition(field, Encoding.UTF8.GetBytes(text.Trim()));
        }

        if (ListOperand(operand, "in") is not { } list)
        {
            return null;
        }

        bool countryField = field.Path.EndsWith("ountry", StringComparison.Ordinal) || field.Path.EndsWith("countryCode", StringComparison.Ordinal);
        bool asCountries = list.Kind == ListKind.Countries || (list.Kind is null && countryField);
        if (list.Kind is ListKind.Keywords or ListKind.HsPrefixes)
        {
            Error(operand, $"in: list {list.Key} holds {list.Kind}; use {(list.Kind == ListKind.Keywords ? "containsWord or onlyWords" : "prefix")}");
            return null;
        }

        if (asCountries)
        {
            if (list.Kind is null && !CheckValues(ListKind.Countries, list.Values, operand, "in"))
            {
                return null;
            }

            if (!_countrySets.TryGetValue(list.Key, out CountrySet? countries))
            {
                countries = new CountrySet(list.Values);
                _countrySets[list.Key] = countries;
            }

            return new CountrySetCondition(field, countries);
        }

        if (!_stringSets.TryGetValue(list.Key, out Utf8Set? strings))
        {
            strings = new Utf8Set(list.Values);
            _stringSets[list.Key] = strings;
        }

        return new StringSetCondition(field, strings);
    }

    private EnumSetCondition? EnumMembership(FieldRef field, string op, YamlNode operand)
    {
        Type type = field.ManifestField switch
        {
            ManifestField.OperatorType => typeof(OperatorType),
            ManifestField.TransportMode => typeof(TransportMode),
            _ => typeof(Category),
        };
        string[] symbols = Enum.GetNames(type).Select(UpperSnake).ToArray();
        List<string>? values = op == "equals" ? (Yaml.Text(operand) is { } one ? [one] : null) : StringList(operand, "in");
        if (values is null)
        {
            Error(operand, $"{op} on {field.Path} takes {(op == "equals" ? "one symbol" : "a list of symbols")}: {string.Join(", ", symbols)}");
            return null;
        }

        ulong mask = 0;
        foreach (string value in values)
        {
            int at = Array.IndexOf(symbols, value);
            if (at < 0)
            {
                Error(operand, $"'{value}' is not a symbol of {field.Path} ({string.Join(", ", symbols)})");
                return null;
            }

            mask |= 1UL << at;
        }

        return new EnumSetCondition(field, mask);
    }

    private FeatureCondition? Feature(FieldRef field, YamlNode operand, string op, bool keywords, int word)
    {
        if (!field.IsString)
        {
            Error(operand, $"{op} applies to text fields; {field.Path} is a {field.Kind}");
            return null;
        }

        if (ListOperand(operand, op) is not { } list)
        {
            return null;
        }

        ListKind expected = keywords ? ListKind.Keywords : ListKind.HsPrefixes;
        if (list.Kind is { } kind && kind != expected && kind != ListKind.Strings)
        {
            Error(operand, $"{op}: list {list.Key} holds {kind}, not {expected}");
            return null;
        }

        if (list.Kind is null && !CheckValues(keywords ? ListKind.Keywords : ListKind.Strings, list.Values, operand, op))
        {
            return null;
        }

        byte[][] patterns = keywords
            ? list.Values.Select(TextFolder.Fold).ToArray()
            : list.Values.Select(Encoding.UTF8.GetBytes).ToArray();
        (FeatureSlotRef slot, ulong bit) = _features.Register(field, keywords, list.Key, patterns);
        return new FeatureCondition(slot, word, bit);
    }

    private PresenceCondition? Presence(FieldRef field, string op, YamlNode operand)
    {
        if (!Yaml.TryBool(operand, out bool flag))
        {
            Error(operand, $"{op} takes true or false");
            return null;
        }

        return new PresenceCondition(field, present: (op == "present") == flag);
    }

    private FormatCondition? Format(FieldRef field, YamlNode operand)
    {
        IdentifierFormat? format = Yaml.Text(operand) switch
        {
            "s10" => IdentifierFormat.S10,
            "ioss" => IdentifierFormat.Ioss,
            "hsCode" => IdentifierFormat.HsCode,
            _ => null,
        };
        if (format is null || !field.IsString)
        {
            Error(operand, $"format takes s10, ioss or hsCode, on a text field (got '{Yaml.Text(operand)}' on {field.Path})");
            return null;
        }

        return new FormatCondition(field, format.Value);
    }

    private WatchListCondition? WatchListMatch(FieldRef field, YamlNode operand)
    {
        if (field.IsItem || field.ManifestField is not (ManifestField.ConsignorName or ManifestField.ConsigneeName))
        {
            Error(operand, $"watchList applies to consignor.name or consignee.name, not {field.Path}");
            return null;
        }

        string? name = Yaml.Text(operand);
        if (name is null || !_watchLists.TryGetValue(name, out WatchList? list))
        {
            Error(operand, $"unknown watch list '{name}' (declare it under watchLists: in pack.yaml)");
            return null;
        }

        return new WatchListCondition(field.ManifestField, list);
    }

    private static string UpperSnake(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(pascal[i]));
        }

        return sb.ToString();
    }
}
