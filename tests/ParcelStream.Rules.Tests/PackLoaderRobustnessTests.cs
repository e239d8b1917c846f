using System.Text;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>Whatever a pack's files contain, loading it fails only with a <see cref="RulePackException"/> naming file and line.</summary>
public sealed class PackLoaderRobustnessTests
{
    public static TheoryData<string, string> WeirdFiles => new()
    {
        { "flow sequence not closed (issue 13)", "x: [a\ny: 1\n" },
        { "flow mapping not closed", "x: {a: 1\ny: 2\n" },
        { "deep flow nesting", "rules: " + new string('[', 100_000) + new string(']', 100_000) + "\n" },
        { "deep block nesting", DeepBlock(5_000) },
        { "deep condition nesting", DeepCondition(5_000) },
        { "huge number", "rules:\n  - id: a\n    code: A\n    description: d\n    when: { field: pieces, gt: 1e999999 }\n    effect: { weight: 1e400 }\n" },
        { "duplicate keys", "rules: []\nrules: []\n" },
        { "billion laughs", BillionLaughs() },
        { "billion laughs of conditions", ConditionBomb() },
        { "NUL bytes", "rules: [\0]\n\0\0" },
        { "empty", string.Empty },
        { "scalar root", "just text\n" },
        { "sequence root", "- a\n- b\n" },
        { "tags", "rules: !!binary AAAA\n" },
        { "unknown tag", "rules: !foo []\n" },
        { "anchor alias key", "&a a: 1\n*a : 2\n" },
        { "complex key", "? [a, b]\n: 1\n" },
        { "null key", "~: 1\n" },
        { "two documents", "rules: []\n---\nrules: []\n" },
        { "directive", "%YAML 1.3\n---\nrules: []\n" },
        { "bad indent", "rules:\n  - id: a\n   code: b\n" },
    };

    [Theory]
    [MemberData(nameof(WeirdFiles))]
    public void Load_WeirdYaml_ThrowsRulePackExceptionWithFileAndLine(string name, string text)
    {
        using TempPack pack = TempPack.WithRules("rules: []");
        pack.Write("extra.yaml", text);
        Exception? e = Record.Exception(() => RulePack.Load(pack.Directory));
        Assert.True(e is null or RulePackException, $"{name}: {e}");
        if (e is RulePackException rejected)
        {
            Assert.All(rejected.Errors, error => Assert.Matches(@"^/.+\.yaml:\d+: [^\r\n]+$", error.ToString()));
            Assert.DoesNotContain('\n', rejected.Message);
        }
    }

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
        for (int i = 0; i < depth; i++)
        {
            text.Append("{ not: ");
        }

        text.Append("{ field: pieces, gt: 1 }");
        text.Append('}', depth).Append('\n');
        return text.ToString();
    }

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

    private static string BillionLaughs()
    {
        var text = new StringBuilder("lists:\n  l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
        for (int i = 1; i < 10; i++)
        {
            text.Append($"  l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
        }

        return text.ToString();
    }
}
