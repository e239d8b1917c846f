using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using ParcelStream.Operations;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Models;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;

namespace ParcelStream.Host;

/// <summary>
/// Rejects keys under <c>ParcelStream:</c> that no options class binds: the configuration binder ignores them, so a typo
/// (<c>ParcelStream:Worker:MaxInFlightt</c>, <c>ParcelStream:State:Enable</c>) would silently leave the default in force.
/// The valid keys come from the options types by reflection, so a new setting is valid as soon as it exists.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>The root of ParcelStream's settings.</summary>
    public const string Root = "ParcelStream";

    /// <summary>Each section and the options types bound from it (the feedback section binds two).</summary>
    private static readonly (string Section, Type[] Types)[] s_sections =
    [
        (WorkerOptions.SectionName, [typeof(WorkerOptions)]),
        (StateOptions.SectionName, [typeof(StateOptions)]),
        (FeedbackOptions.SectionName, [typeof(FeedbackOptions), typeof(RiskHistoryOptions)]),
        (MetricsOptions.SectionName, [typeof(MetricsOptions)]),
        (TracingOptions.SectionName, [typeof(TracingOptions)]),
        (ModelOptions.SectionName, [typeof(ModelOptions)]),
        (RuleEngineOptions.SectionName, [typeof(RuleEngineOptions)]),
    ];

    /// <summary>Sections whose keys are free-form: librdkafka and Confluent Schema Registry properties, passed through unchecked here (librdkafka and Confluent's client reject unknown ones).</summary>
    private static readonly string[] s_freeForm = [KafkaSettings.SectionName, SchemaRegistrySettings.SectionName];

    /// <summary>Single keys bound by hand rather than from an options class.</summary>
    private static readonly string[] s_singles = [HostLogging.FormatKey];

    /// <summary>Checks every key under <c>ParcelStream:</c>.</summary>
    /// <param name="configuration">The configuration root.</param>
    /// <exception cref="InvalidConfigurationException">A key is not a setting; the message names it and the nearest valid one.</exception>
    public static void Check(IConfiguration configuration)
    {
        List<string> valid = ValidKeys();
        foreach ((string key, string? value) in configuration.GetSection(Root).AsEnumerable())
        {
            // Sections come with a null value; their leaves are checked.
            if (value is null || IsValid(key))
            {
                continue;
            }

            throw new InvalidConfigurationException(key, $"is not a setting (did you mean {Nearest(key, valid)}?)");
        }
    }

    /// <summary>Every fixed key, e.g. ParcelStream:Worker:MaxInFlight (dictionaries end in ":*").</summary>
    /// <returns>The keys.</returns>
    public static List<string> ValidKeys()
    {
        var keys = new List<string>(s_singles);
        foreach ((string section, Type[] types) in s_sections)
        {
            foreach (Type type in types)
            {
                AddKeys(section, type, keys, depth: 0);
            }
        }

        foreach (string section in s_freeForm)
        {
            keys.Add(section + ":*");
        }

        return keys;
    }

    private static bool IsValid(string key)
    {
        foreach (string single in s_singles)
        {
            if (string.Equals(key, single, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string section in s_freeForm)
        {
            if (key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach ((string section, Type[] types) in s_sections)
        {
            if (!key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string[] path = key[(section.Length + 1)..].Split(':');
            foreach (Type type in types)
            {
                if (Binds(type, path, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> binds the key whose remaining segments are <paramref name="path"/>[<paramref name="at"/>..].</summary>
    private static bool Binds(Type type, string[] path, int at)
    {
        if (at == path.Length)
        {
            return IsLeaf(type);
        }

        if (IsDictionary(type))
        {
            // Any key names an entry; deeper segments bind into the entry's value type.
            return at + 1 == path.Length || Binds(type.GetGenericArguments()[^1], path, at + 1);
        }

        if (IsLeaf(type) || typeof(IEnumerable).IsAssignableFrom(type))
        {
            // A list binds indexes; a leaf has no children.
            return !IsLeaf(type) && int.TryParse(path[at], out _);
        }

        PropertyInfo? property = Bindable(type).FirstOrDefault(p => string.Equals(p.Name, path[at], StringComparison.OrdinalIgnoreCase));
        return property is not null && Binds(property.PropertyType, path, at + 1);
    }

    private static void AddKeys(string prefix, Type type, List<string> keys, int depth)
    {
        foreach (PropertyInfo property in Bindable(type))
        {
            string key = prefix + ":" + property.Name;
            if (IsLeaf(property.PropertyType) || depth > 4)
            {
                keys.Add(key);
            }
            else if (IsDictionary(property.PropertyType) || typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                keys.Add(key + ":*");
            }
            else
            {
                AddKeys(key, property.PropertyType, keys, depth + 1);
            }
        }
    }

    /// <summary>Properties the configuration binder sets: public, with a public setter, or a collection it fills in place.</summary>
    private static IEnumerable<PropertyInfo> Bindable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod is { IsPublic: true } || (p.GetMethod is not null && IsDictionary(p.PropertyType))));

    private static bool IsLeaf(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Uri);
    }

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() is { } d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));

    /// <summary>The valid key closest to <paramref name="key"/> by edit distance, ignoring case.</summary>
    /// <param name="key">The unknown key.</param>
    /// <param name="valid">The valid keys.</param>
    /// <returns>The nearest one.</returns>
    public static string Nearest(string key, IReadOnlyList<string> valid)
    {
        string best = valid[0];
        int bestDistance = int.MaxValue;
        foreach (string candidate in valid)
        {
            int distance = Distance(key.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions), two rows.</summary>
    private static int Distance(string a, string b)
    {
        int[] previous = new int[b.Length + 1];
        int[] current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
