using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParcelStream.Operations.Tests.Support;

namespace ParcelStream.Operations.Tests;

/// <summary>
/// The dashboard, the alerts and docs/operations.md name only metrics the process exports (or the rules record); every
/// alert links to its runbook page under the one base URL.
/// </summary>
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
    public async Task AlertRules_EveryExpression_UsesExportedOrRecordedMetrics()
    {
        HashSet<string> known = await KnownMetricsAsync();
        List<JsonNode> alerts = Alerts();

        Assert.Equal(14, alerts.Count);
        Assert.All(alerts, alert => Assert.All(MetricNames(alert["expr"]!.GetValue<string>()), m => Assert.True(known.Contains(m), $"{alert["alert"]}: {m} is neither exported nor recorded")));
    }

    [Fact]
    public void AlertRules_EveryAlert_HasAnAbsoluteRunbookUrlUnderTheBaseUrlToItsOwnPage()
    {
        string baseUrl = RunbookBaseUrl();
        Assert.Matches("^https?://[^ ]+/$", baseUrl);

        foreach (JsonNode alert in Alerts())
        {
            string name = alert["alert"]!.GetValue<string>();
            string url = alert["annotations"]!["runbook_url"]?.GetValue<string>() ?? string.Empty;
            Assert.True(url == $"{baseUrl}{name}.md", $"{name}: runbook_url '{url}' is not {baseUrl}{name}.md (make runbook-urls renders it)");
            string page = Repo.Path("docs", "runbooks", name + ".md");
            Assert.True(File.Exists(page), $"{name}: docs/runbooks/{name}.md is missing");
            string text = File.ReadAllText(page);
            Assert.StartsWith($"# {name}\n", text, StringComparison.Ordinal);
            Assert.All(["## What it means", "## How to check", "## What to do"], section => Assert.Contains(section, text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void RunbookPages_EveryPage_IsTheRunbookOfAnAlert()
    {
        var names = Alerts().Select(a => a["alert"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

        Assert.All(Directory.GetFiles(Repo.Path("docs", "runbooks"), "*.md"), page => Assert.True(names.Contains(Path.GetFileNameWithoutExtension(page)), $"{page} names no alert of ops/prometheus/parcelstream-rules.yaml"));
    }

    [Fact]
    public void PromtoolTests_ExpectedRunbookUrls_UseTheBaseUrl()
    {
        string baseUrl = RunbookBaseUrl();
        string[] urls = [.. RunbookUrlRegex().Matches(File.ReadAllText(Repo.Path("ops", "prometheus", "parcelstream-rules.test.yaml"))).Select(m => m.Groups[1].Value)];

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith(baseUrl, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OperationsPage_MetricsTable_ListsEveryParcelStreamFamily()
    {
        Exposition e = await PromtoolTests.PopulatedExpositionAsync();
        string page = File.ReadAllText(Repo.Path("docs", "operations.md"));
        string metrics = page[page.IndexOf("## Metrics", StringComparison.Ordinal)..];

        Assert.All(e.FamilyNames.Where(n => n.StartsWith("parcelstream_", StringComparison.Ordinal)), n => Assert.Contains($"`{n}`", metrics, StringComparison.Ordinal));
    }

    private static List<JsonNode> Alerts()
    {
        return [.. PrometheusRules.Groups().SelectMany(g => g!["rules"]!.AsArray()).Where(r => r!["alert"] is not null).Select(r => r!)];
    }

    /// <summary>The one place the base URL is defined: RUNBOOK_BASE_URL in the Makefile.</summary>
    private static string RunbookBaseUrl()
    {
        Match m = BaseUrlRegex().Match(File.ReadAllText(Repo.Path("Makefile")));
        Assert.True(m.Success, "the Makefile defines no RUNBOOK_BASE_URL");
        return m.Groups[1].Value.Trim();
    }

    private static async Task<HashSet<string>> KnownMetricsAsync()
    {
        Exposition e = await PromtoolTests.PopulatedExpositionAsync();
        var known = new HashSet<string>(e.Samples.Select(s => s.Name), StringComparer.Ordinal);
        foreach (JsonNode? rule in PrometheusRules.Groups().SelectMany(g => g!["rules"]!.AsArray()))
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

    [GeneratedRegex(@"^RUNBOOK_BASE_URL \?= *(\S+)", RegexOptions.Multiline)]
    private static partial Regex BaseUrlRegex();

    [GeneratedRegex("runbook_url: \"([^\"]*)\"")]
    private static partial Regex RunbookUrlRegex();
}
