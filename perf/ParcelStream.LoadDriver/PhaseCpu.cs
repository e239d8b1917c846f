namespace ParcelStream.LoadDriver;

/// <summary>What one measured phase cost in CPU: this process, the child processes it ran and the external cluster.</summary>
/// <param name="SelfMicros">CPU of this process (with the in-process mock broker, when there is one).</param>
/// <param name="ChildrenMicros">CPU of child processes that ended during the phase (kcat).</param>
/// <param name="ClusterMicros">CPU of the external cluster process (0 when the cluster is in process).</param>
/// <param name="WallMicros">Elapsed time of the phase.</param>
/// <param name="Threads">This process's CPU by thread group, largest first.</param>
internal sealed record PhaseCpu(long SelfMicros, long ChildrenMicros, long ClusterMicros, long WallMicros, List<(string Group, long Micros)> Threads)
{
    /// <summary>librdkafka's mock cluster thread, when it runs in this process.</summary>
    public const string MockThread = "rdk:mock";

    public static PhaseCpu Between(CpuSnapshot before, CpuSnapshot after, TimeSpan wall) => new(
        after.SelfMicros - before.SelfMicros,
        after.ChildrenMicros - before.ChildrenMicros,
        after.ClusterMicros - before.ClusterMicros,
        (long)wall.TotalMicroseconds,
        CpuSnapshot.ThreadGroups(before, after));

    /// <summary>Gets the mock broker's share: the external cluster process, or the in-process mock thread.</summary>
    public long BrokerMicros => ClusterMicros > 0 ? ClusterMicros : Threads.Where(t => t.Group.StartsWith(MockThread, StringComparison.Ordinal)).Sum(t => t.Micros);

    /// <summary>Gets the CPU of the client under test: everything measured except the mock broker.</summary>
    public long ClientMicros => SelfMicros + ChildrenMicros + ClusterMicros - BrokerMicros;

    /// <summary>Gets everything measured: client and broker.</summary>
    public long AllMicros => SelfMicros + ChildrenMicros + ClusterMicros;
}
