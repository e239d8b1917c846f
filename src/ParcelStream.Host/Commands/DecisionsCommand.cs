using System.Buffers.Binary;
using System.CommandLine;
using Confluent.Kafka;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Schemas;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream decisions tail</c>: prints the decisions on the output topics as JSON Lines, with reasons, referral and assessment.</summary>
internal static class DecisionsCommand
{
    private static readonly string[] s_defaultTopics = ["parcels.decisions.release", "parcels.decisions.hold", "parcels.decisions.inspect"];

    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap-servers") { Description = "Kafka bootstrap servers (e.g. the BOOTSTRAP line of parcelstream cluster).", Required = true };
        var topics = new Option<string[]>("--topic")
        {
            Description = "Decision topic to read; repeat for several (default: the worker's three outcome topics).",
            AllowMultipleArgumentsPerToken = true,
        };
        var outcome = new Option<string>("--outcome") { Description = "Only decisions with this outcome: all, release, hold or inspect.", DefaultValueFactory = _ => "all" };
        outcome.AcceptOnlyFromAmong("all", "release", "hold", "inspect");
        var fromBeginning = new Option<bool>("--from-beginning") { Description = "Start at the oldest decision kept; without it, only decisions made from now on." };
        var follow = new Option<bool>("--follow") { Description = "Keep waiting for new decisions until Ctrl-C; without it, stop at the topics' current end." };
        var max = new Option<long>("--max") { Description = "Stop after this many decisions; 0 is no limit.", DefaultValueFactory = _ => 0 };
        var timeout = new Option<int>("--timeout-ms") { Description = "How long to wait for the cluster's metadata before giving up.", DefaultValueFactory = _ => 10_000 };
        var registry = new SchemaRegistryOption();
        var tail = new Command("tail", "Print decisions as JSON Lines (one per line: outcome, reasons with rule ids, referral, fiscal assessment, source offset); problems go to standard error.")
        {
            bootstrap, topics, outcome, fromBeginning, follow, max, timeout, registry.Url, registry.Properties,
        };
        tail.SetSignalAwareAction((parse, cancellationToken) => Task.FromResult(!registry.TryGet(parse, out SchemaRegistrySettings settings, out string? problem) ? Usage(problem!) : Tail(
            parse.GetValue(bootstrap)!,
            parse.GetValue(topics) is { Length: > 0 } chosen ? chosen : s_defaultTopics,
            ParseOutcome(parse.GetValue(outcome)!),
            parse.GetValue(fromBeginning),
            parse.GetValue(follow),
            parse.GetValue(max),
            TimeSpan.FromMilliseconds(parse.GetValue(timeout)),
            settings,
            cancellationToken)));
        return new Command("decisions", "Read the decisions the worker published.") { tail };
    }

    private static Outcome? ParseOutcome(string text) => text switch
    {
        "release" => Outcome.Release,
        "hold" => Outcome.Hold,
        "inspect" => Outcome.Inspect,
        _ => null,
    };

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"decisions tail: {problem}");
        return 2;
    }

    private static int Tail(string bootstrap, string[] topics, Outcome? outcome, bool fromBeginning, bool follow, long max, TimeSpan timeout, SchemaRegistrySettings registry, CancellationToken cancellationToken)
    {
        // With a registry, a Confluent id must name a decision schema there; without one, ids are not checked.
        using DecisionSchemaCheck? check = registry.Enabled ? new DecisionSchemaCheck(registry) : null;
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,

            // assign() needs a group id; one that is never joined nor committed to leaves every real group alone.
            GroupId = $"parcelstream-decisions-tail-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            ClientId = "parcelstream-decisions-tail",
            AllowAutoCreateTopics = false,
        };
        using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { }).Build();
        var assignment = new List<TopicPartitionOffset>();
        using (IAdminClient admin = new DependentAdminClientBuilder(consumer.Handle).Build())
        {
            foreach (string topic in topics)
            {
                Metadata metadata;
                try
                {
                    metadata = admin.GetMetadata(topic, timeout);
                }
                catch (KafkaException ex)
                {
                    Console.Error.WriteLine($"decisions tail: no answer from {bootstrap} within {timeout.TotalMilliseconds:0} ms ({ex.Error.Reason}).");
                    return 2;
                }

                TopicMetadata? found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
                if (found is null || found.Error.Code != ErrorCode.NoError || found.Partitions.Count == 0)
                {
                    Console.Error.WriteLine($"decisions tail: topic '{topic}' does not exist on {bootstrap} ({found?.Error.Reason ?? "not in the metadata"}).");
                    return 2;
                }

                assignment.AddRange(found.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, fromBeginning ? Offset.Beginning : Offset.End)));
            }
        }

        consumer.Assign(assignment);
        var atEnd = new HashSet<TopicPartition>();
        var decision = new CustomsDecision();
        using Stream stdout = Console.OpenStandardOutput();
        using var lines = new DecisionJsonLines(stdout);
        long printed = 0;
        while (!cancellationToken.IsCancellationRequested && (max <= 0 || printed < max))
        {
            ConsumeResult<byte[], byte[]>? record;
            try
            {
                record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException ex)
            {
                Console.Error.WriteLine($"decisions tail: {ex.Error.Reason}");
                continue;
            }

            if (record is null)
            {
                continue;
            }

            if (record.IsPartitionEOF)
            {
                atEnd.Add(record.TopicPartition);
                if (!follow && atEnd.Count == assignment.Count)
                {
                    break;
                }

                continue;
            }

            atEnd.Remove(record.TopicPartition);
            string? schemaProblem;
            try
            {
                schemaProblem = check is not null && record.Message.Value is [0, _, _, _, _, ..] framed ? check.Problem(BinaryPrimitives.ReadInt32BigEndian(framed.AsSpan(1))) : null;
            }
            catch (Exception ex) when (RegistrySchemas.IsUnavailable(ex))
            {
                Console.Error.WriteLine($"decisions tail: the schema registry at {registry.Url} cannot be reached ({ex.Message}).");
                return 1;
            }

            if (schemaProblem is not null)
            {
                Console.Error.WriteLine($"decisions tail: {record.TopicPartitionOffset} is not a decision ({schemaProblem}).");
                continue;
            }

            AvroError error = record.Message.Value is { } value ? DecisionReader.Read(value, decision) : new AvroError(AvroErrorCode.Truncated, 0);
            if (error.IsError)
            {
                Console.Error.WriteLine($"decisions tail: {record.TopicPartitionOffset} is not a decision ({error}).");
                continue;
            }

            if (outcome is { } wanted && decision.Outcome != wanted)
            {
                continue;
            }

            lines.Write(decision);
            printed++;
        }

        stdout.Flush();
        return 0;
    }
}
