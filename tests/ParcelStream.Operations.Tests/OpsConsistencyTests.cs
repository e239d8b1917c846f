using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParcelStream.Operations.Tests.Support;

namespace ParcelStream.Operations.Tests;

/// <summary>The dashboard, the alerts and the README name only metrics the process exports (or the rules record).</summary>
public sealed partial class OpsConsistencyTests
{
    [Fact]
    public async Task Dashboard_EveryQuery_UsesExportedOrRecordedMetrics()
    {
        HashSet<string> known = await KnownMetricsAsync();
        JsonNode dashboard = JsonNode.Parse(File.ReadAllText(Repo.Path("ops", "grafana", "parcelstream-dashboard.json")))!;
        List<string> expressions = [.. Expressions(dashboard)];

        Assert.True(expressions.Count >= 30, $"{expressions.Count} queries");
        Assert.All(expressions, expr => Assert.All(MetricNames(expr), name => Assert.True(known.Contains(name), $"{name} in \"{expr}\" is neither exported nor recorded")));
        Assert.Equal("parcelstream-overview", dashboard["uid"]!.GetValue<string>());
        Assert.All(dashboard["panels"]!.AsArray().Where(p => p!["type"]!.GetValue<string>() != "row"), p => Assert.Equal("${datasource}", p!["datasource"]!["uid"]!.GetValue<string>()));
    }

    [Fact]
    public void Dashboard_Panels_DoNotOverlap()
    {
        JsonNode dashboard = JsonNode.Parse(File.ReadAllText(Repo.Path("ops", "grafana", "parcelstream-dashboard.json")))!;
        var taken = new HashSet<(int X, int Y)>();
        foreach (JsonNode? panel in dashboard["panels"]!.AsArray())
        {
            JsonNode grid = panel!["gridPos"]!;
            int x0 = grid["x"]!.GetValue<int>(), y0 = grid["y"]!.GetValue<int>(), w = grid["w"]!.GetValue<int>(), h = grid["h"]!.GetValue<int>();
            Assert.True(x0 + w <= 24, $"{panel["title"]} is wider than the grid");
            for (int x = x0; x < x0 + w; x++)
            {
                for (int y = y0; y < y0 + h; y++)
                {
                    Assert.True(taken.Add((x, y)), $"{panel["title"]} overlaps another panel at {x},{y}");
                }
            }
        }
    }

    [Fact]
    public async Task AlertRules_EveryExpression_UsesExportedOrRecordedMetricsAndHasARunbook()
    {
        HashSet<string> known = await KnownMetricsAsync();
        JsonNode rules = YamlJson.Load(File.ReadAllText(Repo.Path("ops", "prometheus", "parcelstream-rules.yaml")))!;
        string readme = File.ReadAllText(Repo.Path("README.md"));
        var alerts = rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Where(r => r!["alert"] is not null).ToList();

        Assert.Equal(8, alerts.Count);
        foreach (JsonNode? alert in alerts)
        {
            string name = alert!["alert"]!.GetValue<string>();
            Assert.All(MetricNames(alert["expr"]!.GetValue<string>()), m => Assert.True(known.Contains(m), $"{name}: {m} is neither exported nor recorded"));
            Assert.Equal($"README.md#{name.ToLowerInvariant()}", alert["annotations"]!["runbook_url"]!.GetValue<string>());
            Assert.Contains($"#### {name}", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Readme_MetricsTable_ListsEveryParcelStreamFamily()
    {
        Exposition e = await PromtoolTests.PopulatedExpositionAsync();
        string readme = File.ReadAllText(Repo.Path("README.md"));
        string operations = readme[readme.IndexOf("## Operations", StringComparison.Ordinal)..];

        Assert.All(e.FamilyNames.Where(n => n.StartsWith("parcelstream_", StringComparison.Ordinal)), n => Assert.Contains($"`{n}`", operations, StringComparison.Ordinal));
    }

    private static async Task<HashSet<string>> KnownMetricsAsync()
    {
        Exposition e = await PromtoolTests.PopulatedExpositionAsync();
        var known = new HashSet<string>(e.Samples.Select(s => s.Name), StringComparer.Ordinal);
        JsonNode rules = YamlJson.Load(File.ReadAllText(Repo.Path("ops", "prometheus", "parcelstream-rules.yaml")))!;
        foreach (JsonNode? rule in rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()))
        {
            if (rule!["record"] is { } record)
            {
                known.Add(record.GetValue<string>());
            }
        }

        return known;
    }

    private static IEnumerable<string> Expressions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach ((string key, JsonNode? value) in obj)
                {
                    if (key == "expr" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        yield return v.GetValue<string>();
                    }

                    foreach (string e in Expressions(value))
                    {
                        yield return e;
                    }
                }

                break;
            case JsonArray array:
                foreach (string e in array.SelectMany(Expressions))
                {
                    yield return e;
                }

                break;
        }
    }

    /// <summary>Metric names in a PromQL expression: ours, the runtime's and the process's (not label names, not functions).</summary>
    private static IEnumerable<string> MetricNames(string expr) => MetricRegex().Matches(expr).Select(m => m.Value).Distinct();

    [GeneratedRegex(@"\b(parcelstream[_:][a-zA-Z0-9_:]*|dotnet_[a-z_]+|process_[a-z_]+)")]
    private static partial Regex MetricRegex();
}
