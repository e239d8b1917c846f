using System.CommandLine;
using System.Runtime.InteropServices;
using ParcelStream.DevTools.Mock;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.State;

namespace ParcelStream.Host.Commands;

/// <summary>
/// <c>parcelstream cluster</c>: runs an in-process Kafka cluster (librdkafka's mock brokers) with ParcelStream's topics
/// until Ctrl-C or SIGTERM. Prints <c>export BOOTSTRAP=host:port,...</c> on a line of its own on stdout, for a shell to source.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>The topics every cluster gets: input, the three decision lanes, the dead-letter topic, and the model topic.</summary>
    public static readonly string[] DefaultTopics =
    [
        "parcels.manifests",
        "parcels.decisions.release",
        "parcels.decisions.hold",
        "parcels.decisions.inspect",
        "parcels.manifests.dlq",
        new Pipeline.Models.ModelOptions().Topic,
    ];

    /// <summary>
    /// The topics of the default feedback settings (ParcelStream:Feedback), created up front so that the ones the join
    /// must have co-partitioned get the same count (the mock would create each with 4 partitions on first use).
    /// </summary>
    public static readonly string[] FeedbackTopics = [.. new FeedbackOptions().Topics];

    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of mock brokers.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions per topic.", DefaultValueFactory = _ => 6 };
        var topics = new Option<string[]>("--topic") { Description = "A further topic to create (repeatable).", AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };
        var rebalanceDelay = new Option<int>("--rebalance-delay-ms") { Description = "group.initial.rebalance.delay.ms of the cluster (Kafka's default is 3000).", DefaultValueFactory = _ => 0 };
        var applicationIds = new Option<string[]>("--application-id")
        {
            Description = "ParcelStream:State:ApplicationId whose internal topics (repartition, changelog) to create, as the mock cannot create them on request (repeatable; default parcelstream).",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("cluster", "Run an in-process Kafka cluster (librdkafka mock brokers on 127.0.0.1) with ParcelStream's topics until Ctrl-C or SIGTERM.")
        {
            brokers, partitions, topics, rebalanceDelay, applicationIds,
        };
        command.SetAction(parse => Run(parse.GetValue(brokers), parse.GetValue(partitions), parse.GetValue(topics) ?? [], parse.GetValue(rebalanceDelay), parse.GetValue(applicationIds) is { Length: > 0 } ids ? ids : ["parcelstream"]));
        return command;
    }

    private static int Run(int brokers, int partitions, string[] extraTopics, int rebalanceDelayMs, string[] applicationIds)
    {
        if (brokers <= 0 || partitions <= 0 || rebalanceDelayMs < 0)
        {
            Console.Error.WriteLine("--brokers and --partitions must be positive, --rebalance-delay-ms not negative.");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        using (var cluster = new MockCluster(brokers))
        {
            cluster.SetGroupInitialRebalanceDelay(TimeSpan.FromMilliseconds(rebalanceDelayMs));
            int replication = Math.Min(3, brokers);
            // The stateful stages' internal topics, with the input's partition count as they must have.
            IEnumerable<string> internalTopics = applicationIds
                .Select(id => new StateOptions { ApplicationId = id })
                .SelectMany(state => new[] { state.RepartitionTopic, state.ChangelogTopic });
            foreach (string topic in DefaultTopics.Concat(FeedbackTopics).Concat(internalTopics).Concat(extraTopics).Distinct(StringComparer.Ordinal))
            {
                cluster.CreateTopic(topic, partitions, replication);
                Console.Error.WriteLine($"cluster: topic {topic}: {partitions} partitions, replication {replication}");
            }

            Console.Error.WriteLine($"cluster: {brokers} brokers up (librdkafka {Confluent.Kafka.Library.VersionString}); Ctrl-C or SIGTERM stops it");
            Console.Out.WriteLine($"export BOOTSTRAP={cluster.BootstrapServers}");
            Console.Out.Flush();
            stop.Token.WaitHandle.WaitOne();
        }

        Console.Error.WriteLine("cluster: stopped");
        return 0;

        void Stop(PosixSignalContext context)
        {
            // Handled here: the process exits after the cluster is destroyed, not at once.
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
