using System.CommandLine;
using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Inspections;
using ParcelStream.Learning;
using ParcelStream.Pipeline.Kafka;

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
        Option<MessageFraming> framing = EnumOption.Create("--framing", "Wire format: Confluent (schema id 3 of the embedded registry, what the worker reads by default), single-object or raw.", MessageFraming.Confluent);
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the file and print what would be sent; send nothing." };
        var publish = new Command("publish", "Send inspection results (FOUND / CLEAN per manifestId) to the results topic: every line is checked first, and nothing is sent when one is wrong.")
        {
            bootstrap, file, topic, inspector, office, framing, dryRun,
        };
        publish.SetSignalAwareAction((parse, cancellationToken) => Task.FromResult(Publish(
            parse.GetValue(bootstrap)!,
            parse.GetValue(file)!,
            parse.GetValue(topic)!,
            new InspectionDefaults(parse.GetValue(inspector), parse.GetValue(office), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            parse.GetValue(framing),
            parse.GetValue(dryRun),
            cancellationToken)));
        return new Command("inspections", "Feed inspection results to the engine (the feedback loop) by hand.") { publish };
    }

    private static int Publish(string bootstrap, FileInfo file, string topic, InspectionDefaults defaults, MessageFraming framing, bool dryRun, CancellationToken cancellationToken)
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
                var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(report.ManifestId), Value = InspectionReportWriter.ToArray(report, framing) };
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

        Console.Out.WriteLine($"sent {counts} from {file.Name} to {topic}");
        return 0;
    }
}
