using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ParcelStream.Rules.Compilation;

/// <summary>Small helpers over the YAML representation model.</summary>
internal static class Yaml
{
    /// <summary>Gets the 1-based line a node starts on.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The line.</returns>
    public static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>Gets a scalar's text, or null when the node is not a scalar.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The text.</returns>
    public static string? Text(YamlNode? node) => node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : null;

    /// <summary>Parses a scalar as an invariant-culture number.</summary>
    /// <param name="node">The node.</param>
    /// <param name="value">The number.</param>
    /// <returns>False when not a finite number.</returns>
    public static bool TryNumber(YamlNode? node, out double value)
    {
        value = 0;
        return Text(node) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Parses a scalar as true or false.</summary>
    /// <param name="node">The node.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when not a boolean.</returns>
    public static bool TryBool(YamlNode? node, out bool value)
    {
        value = false;
        return Text(node) is { } text && bool.TryParse(text, out value);
    }

    /// <summary>Parses a scalar as a yyyy-MM-dd date.</summary>
    /// <param name="node">The node.</param>
    /// <param name="date">The date.</param>
    /// <returns>False when not such a date.</returns>
    public static bool TryDate(YamlNode? node, out DateOnly date)
    {
        date = default;
        return Text(node) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>Gets UTC midnight at the start of a date in milliseconds since the epoch.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The milliseconds.</returns>
    public static long StartMillis(DateOnly date) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Gets the end (exclusive) of an inclusive last date: UTC midnight after it, or no end (long.MaxValue) for 9999-12-31.</summary>
    /// <param name="date">The last date.</param>
    /// <returns>The milliseconds.</returns>
    public static long EndMillis(DateOnly date) => date == DateOnly.MaxValue ? long.MaxValue : StartMillis(date.AddDays(1));

    /// <summary>Enumerates a mapping's entries with their keys as text.</summary>
    /// <param name="map">The mapping.</param>
    /// <returns>The entries.</returns>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode map) =>
        map.Children.Select(pair => (Text(pair.Key) ?? string.Empty, pair.Key, pair.Value));
}
