using System.Diagnostics;
using System.Globalization;

namespace ParcelStream.Soak;

/// <summary>
/// One incarnation of <c>parcelstream run</c> as a child process inside the memory limit, its output appended to a
/// log file, its resident memory sampled until it ends.
/// </summary>
internal sealed class SoakWorker : IDisposable
{
    private readonly Process _process;
    private readonly Thread _sampler;
    private long _peakRss;
    private volatile bool _killedByUs;

    private SoakWorker(Process process)
    {
        _process = process;
        _sampler = new Thread(Sample) { IsBackground = true, Name = "rss-sampler" };
        _sampler.Start();
    }

    /// <summary>Gets the process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Gets the highest resident set size seen, in bytes (sampled every 100 ms, and VmHWM when readable).</summary>
    public long PeakRssBytes => Interlocked.Read(ref _peakRss);

    /// <summary>Gets a value indicating whether the process ended without being killed or stopped by the soak.</summary>
    public bool ExitedOnItsOwn => _process.HasExited && !_killedByUs;

    /// <summary>Gets the exit code (after exit).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the worker: joins the cgroup first (through a shell that then execs dotnet), so all its memory counts.</summary>
    public static SoakWorker Start(string hostDll, MemoryLimit limit, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string log)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(hostDll)! };
        string join = limit.ProcsFile is null ? string.Empty : $"echo $$ > '{limit.ProcsFile}' && ";
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{join}exec \"$0\" \"$@\" >> '{log}' 2>&1");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("run");
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        return new SoakWorker(Process.Start(start)!);
    }

    /// <summary>SIGKILL: no drain, no commit, no goodbye to the group.</summary>
    public void Kill()
    {
        _killedByUs = true;
        RecordHighWaterMark();
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Kubernetes sends it; true when it exited within the timeout.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        _killedByUs = true;
        RecordHighWaterMark();
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _killedByUs = true;
            _process.Kill();
            _process.WaitForExit();
        }

        _sampler.Join();
        _process.Dispose();
    }

    private void Sample()
    {
        while (!_process.HasExited)
        {
            RecordHighWaterMark();
            Thread.Sleep(100);
        }
    }

    /// <summary>The kernel's own high-water mark (VmHWM) covers the peaks between two samples.</summary>
    private void RecordHighWaterMark()
    {
        long rss = Math.Max(StatusKb("VmHWM:"), StatusKb("VmRSS:")) * 1024;
        long seen = Interlocked.Read(ref _peakRss);
        while (rss > seen)
        {
            long was = Interlocked.CompareExchange(ref _peakRss, rss, seen);
            if (was == seen)
            {
                break;
            }

            seen = was;
        }
    }

    private long StatusKb(string field)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process ended between two reads.
        }

        return 0;
    }
}
