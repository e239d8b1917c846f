using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;
using ParcelStream.Operations.Tests.Support;

namespace ParcelStream.Operations.Tests;

/// <summary>
/// docs/configuration.md lists every setting of <c>parcelstream run</c> with its default: one table per section, a row per
/// key. The options classes are the truth; a setting added, removed, renamed or given another default without the page
/// fails here.
/// </summary>
public sealed partial class ConfigurationDocsTests
{
    /// <summary>Each section and the options types bound from it (as the host binds them: the feedback section binds two).</summary>
    private static readonly (string Section, Type[] Types)[] s_sections =
    [
        (WorkerOptions.SectionName, [typeof(WorkerOptions)]),
        (RuleEngineOptions.SectionName, [typeof(RuleEngineOptions)]),
        (StateOptions.SectionName, [typeof(StateOptions)]),
        (FeedbackOptions.SectionName, [typeof(FeedbackOptions), typeof(RiskHistoryOptions)]),
        (MetricsOptions.SectionName, [typeof(MetricsOptions)]),
        (TracingOptions.SectionName, [typeof(TracingOptions)]),
    ];

    public static TheoryData<string> Sections => [.. s_sections.Select(s => s.Section)];

    [Theory]
    [MemberData(nameof(Sections))]
    public void ConfigurationPage_SectionTable_ListsExactlyTheBoundKeys(string section)
    {
        SortedSet<string> bound = [.. Settings(section).Select(s => s.Key)];
        SortedSet<string> documented = [.. Rows(section).Select(r => r.Key)];

        Assert.True(bound.SetEquals(documented), $"{section}: not on docs/configuration.md: [{string.Join(", ", bound.Except(documented))}]; on the page but no setting: [{string.Join(", ", documented.Except(bound))}]");
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void ConfigurationPage_SectionTable_GivesTheDefaultOfEveryKey(string section)
    {
        Dictionary<string, string> rows = Rows(section).ToDictionary(r => r.Key, r => r.Default, StringComparer.Ordinal);
        foreach ((string key, Type type, object? value) in Settings(section))
        {
            if (!rows.TryGetValue(key, out string? cell))
            {
                continue; // reported by the test above
            }

            Match token = DefaultRegex().Match(cell);
            if (value is null or "" || value is ICollection { Count: 0 })
            {
                Assert.True(cell.StartsWith('('), $"{section}:{key} has no default value; the page should say what applies in parentheses, not '{cell}'");
                continue;
            }

            Assert.True(token.Success, $"{section}:{key}: the default cell '{cell}' does not start with the default in backticks ({Format(value)})");
            object? documented = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(token.Groups[1].Value);
            Assert.True(Equals(documented, value), $"{section}:{key}: the page says {token.Groups[1].Value}, the default is {Format(value)}");
        }
    }

    /// <summary>Every key the configuration binder sets in <paramref name="section"/>, relative to it (Capacity:Share; dictionaries as Key:*), with its type and default.</summary>
    private static IEnumerable<(string Key, Type Type, object? Default)> Settings(string section)
    {
        foreach (Type type in s_sections.Single(s => s.Section == section).Types)
        {
            foreach ((string Key, Type Type, object? Default) setting in Settings(string.Empty, Activator.CreateInstance(type)!))
            {
                yield return setting;
            }
        }
    }

    private static IEnumerable<(string Key, Type Type, object? Default)> Settings(string prefix, object instance)
    {
        foreach (PropertyInfo p in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            bool dictionary = typeof(IDictionary).IsAssignableFrom(p.PropertyType);
            if (p.SetMethod is not { IsPublic: true } && !dictionary)
            {
                continue; // computed, not bound
            }

            string key = prefix + p.Name;
            object? value = p.GetValue(instance);
            Type type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            if (dictionary)
            {
                yield return (key + ":*", type, value);
            }
            else if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal))
            {
                yield return (key, type, value);
            }
            else
            {
                foreach ((string Key, Type Type, object? Default) nested in Settings(key + ":", value ?? Activator.CreateInstance(type)!))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The rows of the table under the heading "## `SECTION`": key (a placeholder segment such as &lt;country&gt; read as *) and default cell.</summary>
    private static IEnumerable<(string Key, string Default)> Rows(string section)
    {
        string page = File.ReadAllText(Repo.Path("docs", "configuration.md")).ReplaceLineEndings("\n");
        string heading = $"## `{section}`\n";
        int start = page.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no heading '## `{section}`'");
        int end = page.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        string text = end < 0 ? page[start..] : page[start..end];
        return RowRegex().Matches(text).Select(m => (PlaceholderRegex().Replace(m.Groups[1].Value, "*"), m.Groups[2].Value.Trim()));
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    [GeneratedRegex(@"^\| `([A-Za-z][\w:<>]*)` \| ([^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex RowRegex();

    [GeneratedRegex("<[a-z-]+>")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex(@"^`([^`]+)`")]
    private static partial Regex DefaultRegex();
}
