using System.Text;
using System.Text.RegularExpressions;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Evaluation;
using ParcelStream.Rules.Evaluation.Conditions;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>Rules: reading, checking, compiling.</summary>
internal sealed partial class PackCompiler
{
    private const int MaxDetailLength = 160;

    private static readonly Regex s_code = new("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant);

    private void ReadRules(YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, "rules must be a list of rules (- id: ...)");
            return;
        }

        foreach (YamlNode item in sequence)
        {
            if (item is not YamlMappingNode map)
            {
                Error(item, "a rule must be a mapping with id, description, code, when and effect");
                continue;
            }

            ReadRule(map);
            _ruleId = null;
        }
    }

    private void ReadRule(YamlMappingNode map)
    {
        string? id = map.Children.TryGetValue(new YamlScalarNode("id"), out YamlNode? idNode) ? Yaml.Text(idNode) : null;
        if (string.IsNullOrWhiteSpace(id) || !s_name.IsMatch(id))
        {
            Error(idNode ?? map, $"a rule needs an id of letters, digits, '-', '_' or '.' (got '{id}')");
            return;
        }

        _ruleId = id;
        if (_ruleIds.TryGetValue(id, out (string File, int Line) first))
        {
            Error(idNode!, $"duplicate rule id (first defined at {first.File}:{first.Line})");
            return;
        }

        _ruleIds[id] = (_file, Yaml.Line(map));
        var rule = new RuleDefinition { Id = id, File = _file, Line = Yaml.Line(map) };
        bool hasEffect = false;
        bool effectGiven = false;
        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            string? text = Yaml.Text(value);
            switch (key)
            {
                case "id":
                    break;
                case "code":
                    if (text is null || !s_code.IsMatch(text))
                    {
                        Error(value, $"code must be an upper-case reason code such as PROHIBITED_GOODS (got '{text}')");
                    }

                    rule.Code = text ?? string.Empty;
                    break;
                case "description":
                    rule.Description = text?.Trim() ?? string.Empty;
                    break;
                case "detail":
                    rule.Detail = text?.Trim();
                    if (rule.Detail is null || rule.Detail.Length is 0 or > MaxDetailLength)
                    {
                        Error(value, $"detail must be a short text (1 to {MaxDetailLength} characters) for the officer");
                    }

                    break;
                case "when":
                    rule.When = value;
                    break;
                case "effect":
                    effectGiven = true;
                    hasEffect = ReadEffect(value, rule);
                    break;
                case "validFrom" or "validUntil":
                    if (!Yaml.TryDate(value, out DateOnly date))
                    {
                        Error(value, $"{key} must be a date yyyy-MM-dd (got '{text}')");
                    }
                    else if (key == "validFrom")
                    {
                        rule.FromMillis = Yaml.StartMillis(date);
                    }
                    else
                    {
                        rule.UntilMillis = Yaml.EndMillis(date);
                    }

                    break;
                case "enabled":
                    if (!Yaml.TryBool(value, out bool enabled))
                    {
                        Error(value, "enabled must be true or false");
                    }

                    rule.Enabled = enabled;
                    break;
                case "source" or "notes":
                    break;
                default:
                    Error(keyNode, $"unknown key '{key}' (expected id, description, code, detail, when, effect, validFrom, validUntil, enabled, source, notes)");
                    break;
            }
        }

        if (rule.Code.Length == 0)
        {
            Error(map, "code: is required (the reason code, e.g. MISSING_DATA)");
        }

        if (rule.Description.Length == 0)
        {
            Error(map, "description: is required (what the rule checks and why, for the officer, citing its source)");
        }

        if (rule.When is null)
        {
            Error(map, "when: is required (the condition)");
        }

        if (!hasEffect && !effectGiven)
        {
            Error(map, "effect: is required ({ weight: 1.5 } and/or { outcome: HOLD | INSPECT })");
        }

        if (rule.FromMillis >= rule.UntilMillis)
        {
            Error(map, "validUntil is before validFrom");
        }

        _rules.Add(rule);
    }

    private bool ReadEffect(YamlNode node, RuleDefinition rule)
    {
        if (node is not YamlMappingNode map || map.Children.Count == 0)
        {
            Error(node, "effect must be a mapping: weight: (log-odds added to the score), outcome: HOLD | INSPECT, audit: true, referral: (see rules/README.md), informational: true");
            return false;
        }

        bool ok = true;
        bool hasDecisionEffect = false;
        foreach ((string key, YamlNode keyNode, YamlNode value) in Yaml.Entries(map))
        {
            switch (key)
            {
                case "weight" when Yaml.TryNumber(value, out double weight) && Math.Abs(weight) <= 50:
                    rule.Weight = weight;
                    hasDecisionEffect |= weight != 0;
                    break;
                case "outcome" when Yaml.Text(value) is "HOLD" or "INSPECT":
                    rule.Forced = Yaml.Text(value) == "HOLD" ? Outcome.Hold : Outcome.Inspect;
                    hasDecisionEffect = true;
                    break;
                case "audit" when Yaml.TryBool(value, out bool audit):
                    rule.Audit = audit;
                    hasDecisionEffect |= audit;
                    break;
                case "referral":
                    string? name = Yaml.Text(value);
                    if (!ReferralNames.TryParse(name, out Referral referral))
                    {
                        Error(value, $"referral '{name}' is unknown (expected {string.Join(", ", ReferralNames.All)}){Suggest(name ?? string.Empty, ReferralNames.All)}");
                        ok = false;
                    }

                    rule.Referral = referral;
                    break;
                case "informational" when Yaml.TryBool(value, out bool informational):
                    rule.Informational = informational;
                    break;
                default:
                    Error(keyNode, $"effect '{key}: {Yaml.Text(value)}' is not valid (weight: number in -50..50, outcome: HOLD or INSPECT, audit: true/false, referral: {string.Join(" | ", ReferralNames.All)}, informational: true/false)");
                    ok = false;
                    break;
            }
        }

        if (rule.Informational && (hasDecisionEffect || rule.Referral != Referral.None))
        {
            Error(node, "an informational effect only reports: it takes no weight, outcome, audit or referral");
            ok = false;
        }
        else if (rule.Forced != Outcome.Release && rule.Referral != Referral.None && ReferralSchema.OutcomeOf(rule.Referral) != rule.Forced)
        {
            Error(node, $"referral {ReferralNames.Name(rule.Referral)} goes with outcome {ReferralSchema.OutcomeOf(rule.Referral).ToString().ToUpperInvariant()}, not {rule.Forced.ToString().ToUpperInvariant()}");
            ok = false;
        }

        return ok;
    }

    private List<CompiledRule> CompileRules()
    {
        var compiled = new List<CompiledRule>();
        foreach (RuleDefinition rule in _rules)
        {
            _file = rule.File;
            _ruleId = rule.Id;
            Condition? when = rule.When is null ? null : CompileCondition(rule.When, inItem: false);
            if (when is null || !rule.Enabled)
            {
                continue;
            }

            compiled.Add(new CompiledRule
            {
                Id = rule.Id,
                Code = rule.Code,
                Description = rule.Description,
                IdUtf8 = Encoding.UTF8.GetBytes(rule.Id),
                CodeUtf8 = Encoding.UTF8.GetBytes(rule.Code),
                DetailUtf8 = Encoding.UTF8.GetBytes(rule.Detail ?? DefaultDetail(rule.Description)),
                When = when,
                Weight = rule.Weight,
                Forced = rule.Forced,
                Audit = rule.Audit,
                Referral = rule.Referral,
                Informational = rule.Informational,
                FromMillis = rule.FromMillis,
                UntilMillis = rule.UntilMillis,
                File = rule.File,
                Line = rule.Line,
            });
        }

        _ruleId = null;
        return compiled;
    }

    private static string DefaultDetail(string description)
    {
        int end = description.IndexOf(". ", StringComparison.Ordinal);
        string first = end < 0 ? description : description[..end];
        return first.Length <= MaxDetailLength ? first : first[..(MaxDetailLength - 3)] + "...";
    }
}
