using System.CommandLine;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Inspections;
using ParcelStream.Learning;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Schemas;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream inspections publish</c>: sends inspection results from a CSV or JSON Lines file, so an analyst can feed results by hand.</summary>
internal static class InspectionsCommand
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var bootstrap = new Option<string>("--bootstrap-servers") { Description = "Kafka bootstrap servers (e.g. the BOOTSTRAP line of parcelstream cluster).", Required = true };
        var file = new Option<FileInfo>("--file")
        {
            Description = "Results to send: .csv with a header, or .jsonl (one JSON object per line); field names as in schemas/inspection-result.avsc: manifestId, result (FOUND or CLEAN) required; trackingNumber, findingCodes (';'-separated in CSV, an array in JSON), inspector, inspectedAt (UTC ms or ISO 8601), office optional.",
            Required = true,
        }.AcceptExistingOnly();
        var topic = new Option<string>("--topic") { Description = "Topic the worker's feedback stage reads results from (ParcelStream:Feedback:ResultsTopic).", DefaultValueFactory = _ => "parcels.inspection-results" };
        var inspector = new Option<string?>("--inspector") { Description = "Officer or team id for rows without an inspector." };
        var office = new Option<string?>("--office") { Description = "Customs office code for rows without an office." };
        Option<MessageFraming> framing = EnumOption.Create("--framing", "Wire format: Confluent (schema id 3 of the embedded registry, what the worker reads by default; with --schema-registry-url the id the registry gives), single-object or raw.", MessageFraming.Confluent);
        var registry = new SchemaRegistryOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and print what would be sent; send nothing." };
        var publish = new Command("publish", "Send inspection results (FOUND / CLEAN per manifestId) to the results topic: every line is checked first, and nothing is sent when one is wrong.")
        {
            bootstrap, file, topic, inspector, office, framing, dryRun, registry.Url, registry.Properties,
        };
        publish.SetSignalAwareAction(async (parse, cancellationToken) => !registry.TryGet(parse, out SchemaRegistrySettings settings, out string? problem) ? Fail(2, problem!) : await PublishAsync(
            parse.GetValue(bootstrap)!,
            parse.GetValue(file)!,
            parse.GetValue(topic)!,
            new InspectionDefaults(parse.GetValue(inspector), parse.GetValue(office), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            parse.GetValue(framing),
            parse.GetValue(dryRun),
            settings,
            cancellationToken).ConfigureAwait(false));
        return new Command("inspections", "Feed inspection results to the engine (the feedback loop) by hand.") { publish };
    }

    private static int Fail(int code, string problem)
    {
        Console.Error.WriteLine($"inspections publish: {problem}");
        return code;
    }

    /// <summary>
    /// The Confluent id of what is sent: with a registry, inspection-result.avsc registered (or, with
    /// auto.register.schemas=false, looked up) under the topic's subject, as the worker does; else the local id 3.
    /// </summary>
    /// <returns>The id and 0, or the exit code when the registry refused it (2) or could not be reached (1), reported.</returns>
    private static async Task<(int Id, int Exit)> SchemaIdAsync(SchemaRegistrySettings registry, string topic, MessageFraming framing, CancellationToken cancellationToken)
    {
        if (!registry.Enabled || framing != MessageFraming.Confluent)
        {
            return (SchemaRegistry.DefaultInspectionResultSchemaId, 0);
        }

        using var schemas = new RegistrySchemas(registry, SchemaRegistry.Default.WithoutIds(), NullLogger.Instance);
        try
        {
            return (await schemas.RegisterAsync(SchemaFiles.InspectionResult, [topic], cancellationToken).ConfigureAwait(false), 0);
        }
        catch (SchemaRegistryRefusedException ex)
        {
            return (0, Fail(2, $"{ex.Message}; nothing sent."));
        }
        catch (Exception ex) when (RegistrySchemas.IsUnavailable(ex))
        {
            return (0, Fail(1, $"the schema registry at {registry.Url} cannot be reached ({ex.Message}); nothing sent."));
        }
    }

    private static async Task<int> PublishAsync(string bootstrap, FileInfo file, string topic, InspectionDefaults defaults, MessageFraming framing, bool dryRun, SchemaRegistrySettings registry, CancellationToken cancellationToken)
    {
        List<InspectionReport> reports = InspectionFile.Read(file.FullName, defaults, out List<string> errors);
        if (errors.Count > 0)
        {
            foreach (string error in errors)
            {
                Console.Error.WriteLine($"inspections publish: {error}");
            }

            Console.Error.WriteLine($"inspections publish: nothing sent{(errors.Count >= InspectionFile.MaxErrors ? $" (first {InspectionFile.MaxErrors} errors)" : string.Empty)}.");
            return 2;
        }

        int found = reports.Count(r => r.Result == InspectionOutcome.Found);
        string counts = $"{reports.Count} inspection results (FOUND {found}, CLEAN {reports.Count - found})";
        if (dryRun)
        {
            Console.Out.WriteLine($"would send {counts} from {file.Name} to {topic}");
            return 0;
        }

        (int schemaId, int exit) = await SchemaIdAsync(registry, topic, framing, cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            return exit;
        }

        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            ClientId = "parcelstream-inspections",
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = (int)s_deliveryTimeout.TotalMilliseconds,
        };
        long delivered = 0;
        string? firstError = null;
        using (IProducer<byte[], byte[]> producer = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler(KafkaLog.Shared.Handler()).Build())
        {
            foreach (InspectionReport report in reports)
            {
                // Keyed by manifestId, as the worker re-keys them anyway: all results of a parcel stay in order.
                var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(report.ManifestId), Value = InspectionReportWriter.ToArray(report, framing, schemaId) };
                producer.Produce(topic, message, r =>
                {
                    if (r.Error.IsError)
                    {
                        Interlocked.CompareExchange(ref firstError, $"{r.Error.Code}: {r.Error.Reason}", null);
                    }
                    else
                    {
                        Interlocked.Increment(ref delivered);
                    }
                });
            }

            int left = producer.Flush(cancellationToken.IsCancellationRequested ? TimeSpan.Zero : s_deliveryTimeout + TimeSpan.FromSeconds(5));
            if (left > 0)
            {
                firstError ??= $"{left} results not confirmed by the cluster";
            }
        }

        if (firstError is not null)
        {
            Console.Error.WriteLine($"inspections publish: {delivered} of {reports.Count} sent to {topic} at {bootstrap}; first error: {firstError}");
            return 1;
        }

        Console.Out.WriteLine($"sent {counts} from {file.Name} to {topic}{(registry.Enabled && framing == MessageFraming.Confluent ? $" (schema id {schemaId})" : string.Empty)}");
        return 0;
    }
}
