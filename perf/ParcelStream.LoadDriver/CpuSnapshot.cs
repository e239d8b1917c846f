using System.Globalization;
using System.Runtime.InteropServices;

namespace ParcelStream.LoadDriver;

/// <summary>
/// CPU time used so far by this process (in total and per live thread), by its reaped children (kcat) and by an
/// external cluster process. Two snapshots around a phase give that phase's CPU cost, which the shared machine's load
/// does not distort the way it distorts wall-clock rates.
/// </summary>
internal sealed partial record CpuSnapshot(long SelfMicros, long ChildrenMicros, long ClusterMicros, Dictionary<int, (string Name, long Micros)> Threads)
{
    private const int RusageSelf = 0;
    private const int RusageChildren = -1;

    /// <summary>Linux reports per-thread and per-process times in clock ticks of 10 ms (USER_HZ 100).</summary>
    private const long MicrosPerTick = 10_000;

    /// <summary>Takes a snapshot.</summary>
    /// <param name="clusterPid">The external cluster process, or 0 when the cluster runs in this process.</param>
    public static CpuSnapshot Take(int clusterPid)
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (string dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out int tid) && ReadStat(Path.Combine(dir, "stat")) is { } stat)
            {
                threads[tid] = stat;
            }
        }

        long cluster = clusterPid > 0 && ReadStat($"/proc/{clusterPid}/stat") is { } c ? c.Micros : 0;
        return new CpuSnapshot(Rusage(RusageSelf), Rusage(RusageChildren), cluster, threads);
    }

    /// <summary>CPU microseconds per thread group (thread name without its number) between two snapshots, largest first.</summary>
    public static List<(string Group, long Micros)> ThreadGroups(CpuSnapshot before, CpuSnapshot after)
    {
        var groups = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((int tid, (string name, long micros)) in after.Threads)
        {
            long earlier = before.Threads.TryGetValue(tid, out (string Name, long Micros) b) && b.Name == name ? b.Micros : 0;
            string group = name.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-');
            groups[group] = groups.GetValueOrDefault(group) + (micros - earlier);
        }

        return groups.Where(g => g.Value > 0).OrderByDescending(g => g.Value).Select(g => (g.Key, g.Value)).ToList();
    }

    private static (string Name, long Micros)? ReadStat(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            // The thread or process ended meanwhile.
            return null;
        }

        int open = text.IndexOf('(', StringComparison.Ordinal);
        int close = text.LastIndexOf(')');
        string[] fields = text[(close + 2)..].Split(' ');

        // After the name: field 3 (state) is fields[0], so utime (field 14) and stime (field 15) are fields[11] and fields[12].
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (text[(open + 1)..close], ticks * MicrosPerTick);
    }

    private static long Rusage(int who)
    {
        if (GetRusage(who, out RUsage usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: {Marshal.GetLastPInvokeError()}");
        }

        return (usage.UserSeconds * 1_000_000) + usage.UserMicros + (usage.SystemSeconds * 1_000_000) + usage.SystemMicros;
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out RUsage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public unsafe fixed long Rest[14];
    }
}
