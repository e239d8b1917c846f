using System.CommandLine;
using Microsoft.Extensions.Logging;
using ParcelStream.Host.Commands;
using ParcelStream.Pipeline.Kafka;

namespace ParcelStream.Host;

/// <summary>Entry point: parses the command line and runs the chosen command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        // Commands other than run and dev: librdkafka's warnings and errors on stderr as one line each, rate-limited
        // (stdout may carry data, such as decisions tail's JSON Lines).
        using ILoggerFactory cliLoggers = LoggerFactory.Create(b => b
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddFilter("ParcelStream.Kafka", LogLevel.Warning));
        KafkaLog.Shared = new KafkaLog(cliLoggers);
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
            InspectionsCommand.Create(),
            SimulateCommand.Create(),
            ModelCommand.Create(),
        };
        // System.CommandLine ends the process 2 s after SIGTERM by default, cutting the worker's drain short (up to
        // DrainTimeoutMs to finish in-flight manifests, then flush and commit; the host allows 60 s). Wait longer than
        // the host, and less than the pod's 90 s grace period (k8s/base/deployment.yaml).
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(75) };
        return root.Parse(args).Invoke(invocation);
    }
}
