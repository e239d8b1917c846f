using System.CommandLine;
using ParcelStream.Host.Commands;

namespace ParcelStream.Host;

/// <summary>Entry point: parses the command line and runs the chosen command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("ParcelStream: decides RELEASE, HOLD or INSPECT for every low-value cross-border parcel from its electronic manifest.")
        {
            CodecDemoCommand.Create(),
            ClusterCommand.Create(),
            RunCommand.Create(),
            DevCommand.Create(),
            GenerateCommand.Create(),
            RulesCommand.Create(),
            ReplayCommand.Create(),
            DecisionsCommand.Create(),
        };
        // System.CommandLine ends the process 2 s after SIGTERM by default, cutting the worker's drain short (up to
        // DrainTimeoutMs to finish in-flight manifests, then flush and commit; the host allows 60 s). Wait longer than
        // the host, and less than the pod's 90 s grace period (k8s/base/deployment.yaml).
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(75) };
        return root.Parse(args).Invoke(invocation);
    }
}
