using System.Text.RegularExpressions;
using System.Xml.Linq;
using ParcelStream.Operations.Tests.Support;

namespace ParcelStream.Operations.Tests;

/// <summary>
/// docs/architecture.md draws the projects and their references: a mermaid graph for src/ (one edge per
/// ProjectReference) and a table for perf/ and tests/. The csproj files must say the same, so the drawing cannot drift.
/// </summary>
public sealed partial class ProjectReferencesTests
{
    private const string Prefix = "ParcelStream.";

    [Fact]
    public void ArchitecturePage_ProjectGraph_MatchesTheProjectReferencesUnderSrc()
    {
        SortedSet<string> actual = [.. Projects("src").SelectMany(p => p.References.Select(r => $"{p.Name} --> {r}"))];
        SortedSet<string> drawn = [.. GraphEdges(Section("## Projects"))];

        Assert.True(actual.SetEquals(drawn), Difference("src/ csproj references", actual, "the mermaid graph in docs/architecture.md", drawn));
    }

    [Fact]
    public void ArchitecturePage_ProjectTable_NamesEveryProjectUnderSrc()
    {
        SortedSet<string> actual = [.. Projects("src").Select(p => p.Name)];
        SortedSet<string> listed = [.. TableRows(Section("## Projects")).Select(r => r.Key).Where(k => !k.Contains('/', StringComparison.Ordinal))];

        Assert.True(actual.SetEquals(listed), Difference("projects under src/", actual, "the table of docs/architecture.md", listed));
    }

    [Fact]
    public void ArchitecturePage_TestsAndToolsTable_MatchesTheProjectReferencesUnderPerfAndTests()
    {
        SortedSet<string> actual = [.. Projects("perf").Concat(Projects("tests")).Select(p => $"{p.Directory}/{Prefix}{p.Name}: {string.Join(", ", p.References)}")];
        SortedSet<string> listed = [.. TableRows(Section("## Projects")).Where(r => r.Key.Contains('/', StringComparison.Ordinal)).Select(r => $"{r.Key}: {string.Join(", ", r.Value)}")];

        Assert.True(actual.SetEquals(listed), Difference("perf/ and tests/ csproj references", actual, "the tests and tools table of docs/architecture.md", listed));
    }

    [Fact]
    public void GraphEdges_ReferenceAddedOrRemoved_NoLongerMatches()
    {
        string drawn = Section("## Projects");
        SortedSet<string> edges = [.. GraphEdges(drawn)];
        SortedSet<string> withoutOne = [.. GraphEdges(drawn.Replace("  Rules --> Codec\n", string.Empty, StringComparison.Ordinal))];
        SortedSet<string> withOneMore = [.. GraphEdges(drawn.Replace("graph TD\n", "graph TD\n  Codec --> Host\n", StringComparison.Ordinal))];

        Assert.Contains("Rules --> Codec", edges);
        Assert.False(edges.SetEquals(withoutOne));
        Assert.False(edges.SetEquals(withOneMore));
    }

    private static IEnumerable<(string Directory, string Name, List<string> References)> Projects(string directory)
    {
        foreach (string csproj in Directory.GetFiles(Repo.Path(directory), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            List<string> references = [.. XDocument.Load(csproj).Descendants("ProjectReference")
                .Select(r => Short(Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/'))))
                .Order(StringComparer.Ordinal)];
            yield return (directory, Short(Path.GetFileNameWithoutExtension(csproj)), references);
        }
    }

    private static string Short(string project) => project.StartsWith(Prefix, StringComparison.Ordinal) ? project[Prefix.Length..] : project;

    /// <summary>The text of docs/architecture.md from <paramref name="heading"/> to the next heading of its level.</summary>
    private static string Section(string heading)
    {
        string page = File.ReadAllText(Repo.Path("docs", "architecture.md")).ReplaceLineEndings("\n");
        int start = page.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/architecture.md has no '{heading}' section");
        int end = page.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }

    /// <summary>The edges of the section's mermaid graph, "A --> B".</summary>
    private static IEnumerable<string> GraphEdges(string section)
    {
        Match block = MermaidRegex().Match(section);
        Assert.True(block.Success, "no ```mermaid block in the Projects section of docs/architecture.md");
        return EdgeRegex().Matches(block.Groups[1].Value).Select(m => $"{m.Groups[1].Value} --> {m.Groups[2].Value}");
    }

    /// <summary>Rows of the section's tables whose first cell is one backticked name: the name and the second cell's names.</summary>
    private static IEnumerable<KeyValuePair<string, string[]>> TableRows(string section) =>
        RowRegex().Matches(section).Select(m => KeyValuePair.Create(
            Short(m.Groups[1].Value),
            m.Groups[2].Value.Trim() == "(none)" ? [] : m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray()));

    private static string Difference(string leftName, SortedSet<string> left, string rightName, SortedSet<string> right) =>
        $"only in {leftName}: [{string.Join("; ", left.Except(right))}]; only in {rightName}: [{string.Join("; ", right.Except(left))}]. Change docs/architecture.md with the csproj.";

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidRegex();

    [GeneratedRegex(@"^\s*([A-Za-z][\w.]*)\s*-->\s*([A-Za-z][\w.]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex EdgeRegex();

    [GeneratedRegex(@"^\| `([\w./]+)` \| ([^|]*) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex RowRegex();
}
