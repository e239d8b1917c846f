using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>`parcelstream run` as a child process: the real host, killed for real.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data, null);
        _process.ErrorDataReceived += (_, e) => Append(e.Data, _errors);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string HostDll => typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostDll").Value!;

    /// <summary>Gets whether the process ended; when it did, its output has been read to the end.</summary>
    public bool HasExited
    {
        get
        {
            if (!_process.HasExited)
            {
                return false;
            }

            // Only the overload without a timeout waits for the asynchronous output readers to reach the end.
            _process.WaitForExit();
            return true;
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Gets the most resident memory the process has had so far (VmHWM in /proc/pid/status), in bytes.</summary>
    public long PeakResidentBytes
    {
        get
        {
            string line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Gets what the process wrote to stderr alone (also part of <see cref="Output"/>).</summary>
    public string Errors
    {
        get
        {
            lock (_output)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// Starts `parcelstream run` with settings given as --Key=value arguments and, optionally, more environment
    /// variables (e.g. DOTNET_GCHeapHardLimit); the working directory is the host's, where rules/default is.
    /// </summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        Assert.True(File.Exists(HostDll), $"{HostDll} is missing: build the host first.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        start.ArgumentList.Add("run");
        foreach ((string key, string value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ParcelStream__Logging__Format"] = "text";

        // A free port for /metrics: the default (9464) may be taken by another run on the same machine.
        start.Environment["ParcelStream__Metrics__Port"] = "0";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new WorkerProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the operations endpoint and returns its port (the process picks a free one).</summary>
    public async Task<int> MetricsPortAsync(TimeSpan timeout)
    {
        System.Text.RegularExpressions.Match match = System.Text.RegularExpressions.Match.Empty;
        await WorkerHarness.WaitUntilAsync(
            () => (match = System.Text.RegularExpressions.Regex.Match(Output, @"Operations endpoint listening on \S+:(\d+)")).Success || HasExited,
            timeout,
            () => Output);
        Assert.True(match.Success, Output);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>GET /readyz: the status code and the body (which names each check and why it fails).</summary>
    public static async Task<(int Status, string Body)> ReadinessAsync(int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using HttpResponseMessage response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>SIGKILL: no drain, no commit, no goodbye to the group.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Kubernetes sends it; waits for the graceful exit.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // Only the overload without a timeout waits for the asynchronous output readers to reach the end.
        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line, StringBuilder? stream)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            stream?.AppendLine(line);
        }
    }
}
