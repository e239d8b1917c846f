using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>
/// Whatever a pack's files contain, loading it either succeeds or fails with a <see cref="RulePackException"/> whose
/// errors are one line each, file:line first; a running engine keeps its pack and counts the rejection (issue 13).
/// </summary>
public sealed partial class PackLoaderRobustnessTests
{
    private const int DefaultIterations = 150;

    public static TheoryData<string, string, int> WeirdFiles => new()
    {
        // name, content of extra.yaml, line the first error must name (-1: any)
        { "flow sequence not closed (issue 13)", "x: [a\ny: 1\n", 1 },
        { "flow mapping not closed", "x: {a: 1\ny: 2\n", -1 },
        { "deep flow nesting", "rules: " + new string('[', 100_000) + new string(']', 100_000) + "\n", 1 },
        { "deep block nesting", DeepBlock(5_000), -1 },
        { "deep condition nesting", DeepCondition(5_000), 6 },
        { "billion laughs", BillionLaughs(), -1 },
        { "billion laughs of conditions", ConditionBomb(), -1 },
        { "huge numbers", "rules:\n  - id: a\n    code: A\n    description: d\n    when: { field: pieces, gt: 1e999999 }\n    effect: { weight: 1e400 }\n", -1 },
        { "duplicate keys", "rules: []\nrules: []\n", 2 },
        { "NUL bytes", "rules: [\0]\n\0\0", -1 },
        { "scalar root", "just text\n", 1 },
        { "sequence root", "- a\n- b\n", 1 },
        { "binary tag", "rules: !!binary AAAA\n", -1 },
        { "aliased key", "&a a: 1\n*a : 2\n", -1 },
        { "complex key", "? [a, b]\n: 1\n", -1 },
        { "two documents", "rules: []\n---\nrules: []\n", -1 },
        { "bad indentation", "rules:\n  - id: a\n   code: b\n", -1 },
    };

    [Theory]
    [MemberData(nameof(WeirdFiles))]
    public void Load_WeirdYaml_RejectedWithOneLineFileLineErrors(string name, string text, int line)
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        pack.Write("extra.yaml", text);

        Exception? e = Record.Exception(() => RulePack.Load(pack.Directory));

        RulePackException rejected = Assert.IsType<RulePackException>(e, exactMatch: true);
        AssertOneLineErrors(rejected, name);
        Assert.Contains(rejected.Errors, x => x.File.EndsWith("extra.yaml", StringComparison.Ordinal) && (line < 0 || x.Line == line));
    }

    [Fact]
    public void CheckForChanges_YamlTypoInAnExtraFile_RejectsWithFileLineCountsItAndKeepsThePack()
    {
        // The repro of issue 13: printf 'x: [a\ny: 1\n' > $PACK/extra.yaml aborted every worker (exit 134).
        using TempPack pack = TempPack.CopyOfDefault();
        var options = new RuleEngineOptions { Directory = pack.Directory, PollInterval = TimeSpan.Zero, ReloadDebounce = TimeSpan.FromHours(1) };
        var engine = new RuleEngine(RulePack.Load(pack.Directory), options);
        RulePack before = engine.Current;
        using var watcher = new RulePackWatcher(engine, options);
        File.WriteAllBytes(Path.Combine(pack.Directory, "extra.yaml"), "x: [a\ny: 1\n"u8.ToArray());

        Assert.False(watcher.CheckForChanges());

        Assert.Same(before, engine.Current);
        Assert.Equal(1, engine.ReloadFailures);
        Assert.False(engine.TryReload(pack.Directory, out string? error));
        Assert.Matches(@"^/.+/extra\.yaml:1: YAML syntax: [^\n]+$", error);
        Assert.Equal(2, engine.ReloadFailures);
        Assert.Same(before, engine.Current);
    }

    [Fact]
    public void Load_InvalidUtf8_RejectedWithOneLineErrors()
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        File.WriteAllBytes(Path.Combine(pack.Directory, "extra.yaml"), [0x72, 0x75, 0x6C, 0x65, 0x73, 0x3A, 0x20, 0xC3, 0x28, 0xFF, 0xFE, 0x0A]);

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        AssertOneLineErrors(e, "invalid UTF-8");
    }

    [Fact]
    public void Load_DirectoryNamedLikeAYamlFile_IsWalkedNotRead()
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        Directory.CreateDirectory(Path.Combine(pack.Directory, "odd.yaml"));
        pack.Write("odd.yaml/inner.yaml", "rules: [");

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        RuleValidationError error = Assert.Single(e.Errors);
        Assert.EndsWith("odd.yaml/inner.yaml", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YamlFileOverTheSizeLimit_RejectedWithoutParsing()
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        using (FileStream big = File.Create(Path.Combine(pack.Directory, "big.yaml")))
        {
            big.SetLength(Compilation.PackCompiler.MaxYamlBytes + 1);
        }

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        Assert.Contains("at most", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fuzzes the loader with random bytes and mutations of the shipped pack's files. PARCELSTREAM_PACK_FUZZ_SECONDS runs
    /// it for that long instead of <see cref="DefaultIterations"/> iterations (perf/results/fuzz-packs-2026-12-07.md).
    /// </summary>
    [Fact]
    public void Load_RandomAndMutatedPackFiles_NeverThrowsAnythingButRulePackException()
    {
        using TempPack pack = TempPack.CopyOfDefault();
        string[] names = [.. Directory.GetFiles(pack.Directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
        byte[][] originals = [.. names.Select(n => File.ReadAllBytes(Path.Combine(pack.Directory, n)))];
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("PARCELSTREAM_PACK_FUZZ_SECONDS"), out int s) ? s : 0;
        long loaded = 0, rejected = 0;

        PackFuzz.Case(names, originals).Sample(
            c =>
            {
                string path = Path.Combine(pack.Directory, c.File);
                File.WriteAllBytes(path, c.Content);
                try
                {
                    RulePack.Load(pack.Directory);
                    loaded++;
                }
                catch (RulePackException e)
                {
                    AssertOneLineErrors(e, c.File);
                    rejected++;
                }
                finally
                {
                    int original = Array.IndexOf(names, c.File);
                    if (original >= 0)
                    {
                        File.WriteAllBytes(path, originals[original]);
                    }
                    else
                    {
                        File.Delete(path);
                    }
                }
            },
            iter: seconds > 0 ? -1 : DefaultIterations,
            time: seconds > 0 ? seconds : -1,
            threads: 1,
            print: c => $"{c.File}: {Encoding.UTF8.GetString(c.Content)}");

        Assert.True(rejected > 0, "no mutation was rejected: the fuzz does not reach the checks");
        if (seconds > 0)
        {
            Console.WriteLine($"pack fuzz: {loaded + rejected} loads in {seconds} s, {loaded} loaded, {rejected} rejected, 0 other exceptions");
        }
    }

    private static void AssertOneLineErrors(RulePackException e, string name)
    {
        Assert.NotEmpty(e.Errors);
        Assert.All(e.Errors, error => Assert.True(ErrorLine().IsMatch(error.ToString()), $"{name}: not one file:line line: {error}"));
        Assert.DoesNotContain('\n', e.Message);
    }

    [GeneratedRegex(@"^/[^\r\n]+:\d+: [^\r\n]+$")]
    private static partial Regex ErrorLine();

    private static string DeepBlock(int depth)
    {
        var text = new StringBuilder("rules:\n");
        for (int i = 0; i < depth; i++)
        {
            text.Append(' ', i + 1).Append("- \n");
        }

        return text.ToString();
    }

    private static string DeepCondition(int depth)
    {
        var text = new StringBuilder("rules:\n  - id: deep\n    code: DEEP\n    description: d\n    effect: { weight: 1 }\n    when: ");
        text.Insert(text.Length, "{ not: ", depth).Append("{ field: pieces, gt: 1 }").Append('}', depth).Append('\n');
        return text.ToString();
    }

    /// <summary>Ten lists of ten aliases of the previous: 10^10 strings when expanded.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder("lists:\n  l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
        for (int i = 1; i < 10; i++)
        {
            text.Append($"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        }

        return text.ToString();
    }

    /// <summary>Ten rules, each condition all of ten aliases of the previous rule's: the last has 10^10 leaves when expanded.</summary>
    private static string ConditionBomb()
    {
        var text = new StringBuilder("rules:\n");
        for (int i = 0; i < 10; i++)
        {
            string child = i == 0 ? "{ field: pieces, gt: 1 }" : $"*c{i - 1}";
            text.Append($"  - id: r{i}\n    code: A\n    description: d\n    effect: {{ weight: 1 }}\n    when: &c{i} {{ all: [{string.Join(", ", Enumerable.Repeat(child, 10))}] }}\n");
        }

        return text.ToString();
    }
}
