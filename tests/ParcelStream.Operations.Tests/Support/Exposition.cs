using System.Globalization;
using System.Text.RegularExpressions;

namespace ParcelStream.Operations.Tests.Support;

/// <summary>A parsed Prometheus text exposition: sample lines as name, labels and value.</summary>
internal sealed partial class Exposition(string text)
{
    public string Text { get; } = text;

    public IReadOnlyList<Sample> Samples { get; } = [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(Sample.Parse)];

    public IEnumerable<string> FamilyNames => Text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]);

    public static async Task<Exposition> CollectAsync(ParcelStreamMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.ExportAsync(stream);
        return new Exposition(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The value of the one sample with this name and these labels (others ignored); fails when absent.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        double? value = Find(name, labels);
        Assert.True(value.HasValue, $"no sample {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}} in:\n{Text}");
        return value.Value;
    }

    public double? Find(string name, params (string Name, string Value)[] labels)
    {
        foreach (Sample s in Samples)
        {
            if (s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out string? v) && v == l.Value))
            {
                return s.Value;
            }
        }

        return null;
    }

    public IEnumerable<Sample> All(string name) => Samples.Where(s => s.Name == name);

    internal sealed partial record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public static Sample Parse(string line)
        {
            Match m = LineRegex().Match(line);
            Assert.True(m.Success, $"not a sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match l in LabelRegex().Matches(m.Groups["labels"].Value))
            {
                labels[l.Groups[1].Value] = l.Groups[2].Value;
            }

            string v = m.Groups["value"].Value;
            double value = v switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => double.Parse(v, CultureInfo.InvariantCulture) };
            return new Sample(m.Groups["name"].Value, labels, value);
        }

        [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$")]
        private static partial Regex LineRegex();

        [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
        private static partial Regex LabelRegex();
    }
}
