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
        };
        return root.Parse(args).Invoke();
    }
}
