using System.Globalization;

namespace ParcelStream.Soak;

/// <summary>
/// The container's memory limit, emulated: a cgroup (v1 memory controller or v2) with the limit of the shipped
/// Kubernetes deployment, so that the kernel enforces it and .NET sizes its heap from it exactly as in a pod; where no
/// cgroup can be made (not root, no controller), only the GC heap limit the deployment would give, and the report says so.
/// </summary>
internal sealed class MemoryLimit : IDisposable
{
    private const string V1Root = "/sys/fs/cgroup/memory";
    private const string V2Root = "/sys/fs/cgroup";

    private readonly string? _directory;
    private readonly bool _v2;

    private MemoryLimit(string? directory, bool v2, long bytes)
    {
        _directory = directory;
        _v2 = v2;
        Bytes = bytes;
    }

    /// <summary>Gets the limit in bytes.</summary>
    public long Bytes { get; }

    /// <summary>Gets a value indicating whether the kernel enforces the limit (a cgroup), not only the GC.</summary>
    public bool Enforced => _directory is not null;

    /// <summary>Gets the file a process joins the cgroup through (its pid written there), or null.</summary>
    public string? ProcsFile => _directory is null ? null : Path.Combine(_directory, "cgroup.procs");

    /// <summary>Gets how the limit is applied, for the report.</summary>
    public string Description => _directory is null
        ? $"no cgroup could be made here: GC heap limit only (DOTNET_GCHeapHardLimit = 60 % of {Bytes / 1024 / 1024} MiB)"
        : $"cgroup {(_v2 ? "v2" : "v1")} {_directory} with a {Bytes / 1024 / 1024} MiB limit (the kernel enforces it; .NET reads it)";

    /// <summary>Makes a cgroup with the limit, or falls back to describing the GC-only limit.</summary>
    public static MemoryLimit Create(long bytes)
    {
        string name = $"parcelstream-soak-{Environment.ProcessId}";
        try
        {
            if (Directory.Exists(Path.Combine(V1Root)) && File.Exists(Path.Combine(V1Root, "memory.limit_in_bytes")))
            {
                string dir = Path.Combine(V1Root, name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), bytes.ToString(CultureInfo.InvariantCulture));
                return new MemoryLimit(dir, false, bytes);
            }

            if (File.Exists(Path.Combine(V2Root, "cgroup.controllers")) && File.ReadAllText(Path.Combine(V2Root, "cgroup.controllers")).Contains("memory", StringComparison.Ordinal))
            {
                string dir = Path.Combine(V2Root, name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "memory.max"), bytes.ToString(CultureInfo.InvariantCulture));
                return new MemoryLimit(dir, true, bytes);
            }
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            Console.WriteLine($"  no cgroup ({ex.Message}): the GC heap limit only");
        }

        return new MemoryLimit(null, false, bytes);
    }

    /// <summary>Gets the highest memory use the cgroup recorded (v1: max_usage_in_bytes; v2: memory.peak), or -1.</summary>
    public long PeakBytes() => ReadLong(_v2 ? "memory.peak" : "memory.max_usage_in_bytes");

    /// <summary>Gets how many processes the kernel's OOM killer ended in the cgroup, or -1 when unknown.</summary>
    public long OomKills()
    {
        if (_directory is null)
        {
            return -1;
        }

        string file = Path.Combine(_directory, _v2 ? "memory.events" : "memory.oom_control");
        if (!File.Exists(file))
        {
            return -1;
        }

        foreach (string line in File.ReadAllLines(file))
        {
            string[] parts = line.Split(' ');
            if (parts.Length == 2 && parts[0] == "oom_kill")
            {
                return long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    public void Dispose()
    {
        if (_directory is null)
        {
            return;
        }

        // A cgroup can be removed only when empty; the worker was killed or has exited by now.
        for (int i = 0; i < 50; i++)
        {
            try
            {
                Directory.Delete(_directory);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private long ReadLong(string name)
    {
        if (_directory is null)
        {
            return -1;
        }

        string file = Path.Combine(_directory, name);
        return File.Exists(file) && long.TryParse(File.ReadAllText(file).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : -1;
    }
}
