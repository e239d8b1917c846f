using System.Reflection;

namespace ParcelStream.Operations.Tests.Support;

/// <summary>Paths in the repository the tests read (manifests, rules, dashboards).</summary>
internal static class Repo
{
    public static string Root { get; } = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string RulesDirectory => Path("rules", "default");
}
