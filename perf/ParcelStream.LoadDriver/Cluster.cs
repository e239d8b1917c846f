using System.Diagnostics;
using ParcelStream.DevTools.Mock;

namespace ParcelStream.LoadDriver;

/// <summary>
/// The mock cluster the run reads from: in this process (its broker thread competes with the readers inside the
/// process), or in a separate <c>parcelstream cluster</c> process whose CPU is measured on its own.
/// </summary>
internal sealed class Cluster : IDisposable
{
    private readonly MockCluster? _inProcess;
    private readonly Process? _process;

    private Cluster(MockCluster? inProcess, Process? process, string bootstrap)
    {
        _inProcess = inProcess;
        _process = process;
        BootstrapServers = bootstrap;
    }

    public string BootstrapServers { get; }

    /// <summary>Gets the external cluster's process id, 0 when in process.</summary>
    public int Pid => _process?.Id ?? 0;

    /// <summary>Creates a topic on the in-process cluster; false when the cluster is a separate process (it auto-creates topics with 4 partitions).</summary>
    public bool TryCreateTopic(string topic, int partitions)
    {
        _inProcess?.CreateTopic(topic, partitions);
        return _inProcess is not null;
    }

    public static Cluster InProcess(int partitions, string input, int decisionPartitions, int brokers)
    {
        var cluster = new MockCluster(brokerCount: brokers);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        cluster.CreateTopic(input, partitions);
        cluster.CreateTopic("decisions", decisionPartitions);
        cluster.CreateTopic(PipelineFloor.Topic, decisionPartitions);
        cluster.CreateTopic("dlq", 1);
        return new Cluster(cluster, null, cluster.BootstrapServers);
    }

    /// <summary>
    /// Starts <c>parcelstream cluster</c> (the host executable or its dll) with the run's brokers and topics; it creates
    /// every topic with one partition count, so the decision topics get the input's.
    /// </summary>
    public static Cluster External(string exe, int partitions, string input, int brokers)
    {
        bool dll = exe.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? "dotnet" : exe) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (dll ? [exe] : Array.Empty<string>()).Concat(["cluster", "--brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "--topic", input, "--topic", "decisions", "--topic", PipelineFloor.Topic, "--topic", "dlq"]))
        {
            start.ArgumentList.Add(a);
        }

        Process process = Process.Start(start)!;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("export BOOTSTRAP=", StringComparison.Ordinal))
            {
                return new Cluster(null, process, line["export BOOTSTRAP=".Length..]);
            }
        }

        process.Dispose();
        throw new InvalidOperationException($"{exe} cluster ended without printing its bootstrap servers.");
    }

    public void Dispose()
    {
        _inProcess?.Dispose();
        if (_process is not null)
        {
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
