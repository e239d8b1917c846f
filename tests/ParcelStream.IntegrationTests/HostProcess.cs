using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace ParcelStream.IntegrationTests;

/// <summary>A `parcelstream` command (the built host dll) as a child process, with its stdout lines collected as they come.</summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stdout)
                {
                    _stdout.Add(e.Data);
                    Monitor.PulseAll(_stdout);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string HostDll => typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostDll").Value!;

    public int ExitCode => _process.ExitCode;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public IReadOnlyList<string> StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public static HostProcess Start(params string[] arguments)
    {
        Assert.True(File.Exists(HostDll), $"{HostDll} is missing: build src/ParcelStream.Host first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostDll);
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        return new HostProcess(Process.Start(start)!);
    }

    /// <summary>Waits for a stdout line starting with <paramref name="prefix"/>; returns the rest of it, or fails the test at the deadline.</summary>
    public string WaitForLine(string prefix, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_stdout)
        {
            while (true)
            {
                string? line = _stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[prefix.Length..];
                }

                TimeSpan left = timeout - clock.Elapsed;
                Assert.True(left > TimeSpan.Zero && !_process.HasExited, $"no '{prefix}' line within {timeout}; stderr: {StandardError}");
                Monitor.Wait(_stdout, TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
            }
        }
    }

    /// <summary>Waits for the process to exit; false at the deadline.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>Sends SIGTERM, as a service manager or Kubernetes does.</summary>
    public void Terminate()
    {
        using Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
