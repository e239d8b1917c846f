using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ParcelStream.Operations.Tests.Support;

/// <summary>
/// The alerting and recording rules: one copy, the PrometheusRule ops/prometheus/parcelstream-rules.yaml. Prometheus and
/// promtool get its spec as a plain rule file, printed by scripts/prometheus-rules.sh (what users run too).
/// </summary>
internal static class PrometheusRules
{
    public const string FileName = "parcelstream-rules.yaml";

    public const string TestFileName = "parcelstream-rules.test.yaml";

    public static string SourcePath => Repo.Path("ops", "prometheus", FileName);

    /// <summary>The groups of the PrometheusRule's spec, parsed.</summary>
    public static JsonArray Groups() => YamlJson.Load(File.ReadAllText(SourcePath))!["spec"]!["groups"]!.AsArray();

    /// <summary>The rule file scripts/prometheus-rules.sh prints.</summary>
    public static string RuleFile()
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        start.ArgumentList.Add(Repo.Path("scripts", "prometheus-rules.sh"));
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "scripts/prometheus-rules.sh did not finish in 30 s");
        Assert.True(process.ExitCode == 0, $"scripts/prometheus-rules.sh exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    /// <summary>Writes the rule file and its promtool unit tests (which load it by name) into <paramref name="directory"/>.</summary>
    public static string WriteRuleFile(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path, RuleFile());
        File.Copy(Repo.Path("ops", "prometheus", TestFileName), Path.Combine(directory, TestFileName), overwrite: true);
        return path;
    }
}
