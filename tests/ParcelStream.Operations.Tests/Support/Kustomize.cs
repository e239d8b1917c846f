using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ParcelStream.Operations.Tests.Support;

/// <summary>
/// Renders a kustomization with the kustomize built into kubectl, `kubectl kustomize DIR`, with its defaults: no
/// --load-restrictor flag, as Argo CD and Flux build it. Each directory is rendered once per test run.
/// </summary>
internal static class Kustomize
{
    private const string Kubectl = "kubectl";

    private static readonly ConcurrentDictionary<string, Lazy<string>> s_rendered = new(StringComparer.Ordinal);

    public static List<JsonObject> Build(string directory)
    {
        string yaml = s_rendered.GetOrAdd(directory, d => new Lazy<string>(() => Run(d))).Value;
        return [.. YamlJson.LoadAll(yaml).Select(d => (JsonObject)d!)];
    }

    private static string Run(string directory)
    {
        var start = new ProcessStartInfo(Kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"kubectl is not installed ({e.Message}): the k8s/ tests render with `kubectl kustomize` (kubectl 1.27 or later, for kustomize v5), as Argo CD and Flux do. Install kubectl; scripts/setup.sh says how.");
            throw;
        }

        using (process)
        {
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), $"kubectl kustomize {directory} did not finish in 60 s");
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {directory} (no load restrictor flag) exited {process.ExitCode}; it needs kustomize v5 (kubectl 1.27 or later):\n{stderr.Result}");
            return stdout;
        }
    }
}
