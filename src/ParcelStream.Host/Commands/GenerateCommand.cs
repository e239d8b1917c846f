using System.CommandLine;
using System.Runtime.InteropServices;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.DevTools.Generation;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream generate</c>: produces synthetic manifests (clean, flawed and risky) to a Kafka topic or an Avro container file.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var count = new Option<long>("--count") { Description = "How many messages.", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<double>("--rate") { Description = "Messages per second; 0 is unlimited.", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same messages.", DefaultValueFactory = _ => 42 };
        Option<MessageFraming> framing = EnumOption.Create("--framing", "Wire format: Confluent (magic byte and schema id), single-object (Avro single-object encoding) or raw Avro.", MessageFraming.Confluent);
        var bootstrap = new Option<string>("--bootstrap-servers") { Description = "Kafka bootstrap servers (e.g. the BOOTSTRAP line of parcelstream cluster)." };
        var output = new Option<FileInfo>("--out") { Description = "Write an Avro object container file instead of producing to Kafka; undecodable messages are left out." };
        Option<AvroContainerCodec> codec = EnumOption.Create("--codec", "Block codec of the --out file: deflate (smaller) or null (uncompressed: about 2.5 times larger, no inflate cost when replayed).", AvroContainerCodec.Deflate);
        var topic = new Option<string>("--topic") { Description = "Target topic.", DefaultValueFactory = _ => "parcels.manifests" };
        Option<MessageKey> key = EnumOption.Create("--key", "Message key: the tracking number, the manifest id, the consignee (name, postal code and country), or none.", MessageKey.TrackingNumber);
        var risky = new Option<double>("--risky-share") { Description = "Share of flawed and risky messages (0-1), spread in the default proportions.", DefaultValueFactory = _ => Math.Round(new GeneratorOptions().RiskyShare, 6) };
        Option<string> start = StartOption.Create();
        var command = new Command("generate", "Produce synthetic parcel manifests (clean, flawed and risky) to a Kafka topic, or write them to an Avro container file.")
        {
            count, rate, seed, framing, bootstrap, output, codec, topic, key, risky, start,
        };
        command.SetAction(parse => Run(
            parse.GetValue(count),
            parse.GetValue(rate),
            parse.GetValue(seed),
            parse.GetValue(framing),
            parse.GetValue(bootstrap),
            parse.GetValue(output),
            parse.GetValue(codec),
            parse.GetValue(topic)!,
            parse.GetValue(key),
            parse.GetValue(risky),
            parse.GetValue(start)));
        return command;
    }

    private static int Run(long count, double rate, ulong seed, MessageFraming framing, string? bootstrap, FileInfo? output, AvroContainerCodec codec, string topic, MessageKey key, double riskyShare, string? startText)
    {
        if (!StartOption.TryParse(startText, out DateTimeOffset? start))
        {
            Console.Error.WriteLine($"--start must be a date (2026-06-25) or a date and time (2026-06-25T06:00:00Z), not '{startText}'.");
            return 2;
        }

        if (count < 0 || rate < 0 || riskyShare is < 0 or > 1)
        {
            Console.Error.WriteLine("--count and --rate must not be negative, --risky-share must be between 0 and 1.");
            return 2;
        }

        if ((bootstrap is null) == (output is null))
        {
            Console.Error.WriteLine("Give either --bootstrap-servers (produce to Kafka) or --out FILE.avro (write a container file).");
            return 2;
        }

        // --help shows the default share rounded; given as shown, the exact default applies (same messages as before).
        double defaultShare = new GeneratorOptions().RiskyShare;
        if (riskyShare == Math.Round(defaultShare, 6))
        {
            riskyShare = defaultShare;
        }

        var generatorOptions = new GeneratorOptions { Seed = seed }.WithRiskyShare(riskyShare);
        generatorOptions.StartTime = start ?? generatorOptions.StartTime;
        var generator = new ManifestGenerator(generatorOptions);
        Func<Action<long>?, CancellationToken, PublishSummary> work;
        if (output is not null)
        {
            Console.Error.WriteLine($"generate: {count} manifests to {output.FullName} ({codec} codec), seed {seed}, from {generatorOptions.StartTime:yyyy-MM-ddTHH:mm:ssZ}, ground truth in {GroundTruth.SideFileOf(output.FullName)}, denied parties from {generator.WatchListSource}");
            work = (progress, token) => ManifestArchive.Write(generator, output.FullName, count, codec, progress, token);
        }
        else
        {
            var publisher = new ManifestPublisher(ManifestPublisher.ThroughputConfig(bootstrap!));
            Console.Error.WriteLine($"generate: {count} messages to {topic} at {bootstrap}, {(rate > 0 ? $"{rate} msg/s" : "unlimited rate")}, seed {seed}, from {generatorOptions.StartTime:yyyy-MM-ddTHH:mm:ssZ}, {framing}, ground truth in header {GroundTruth.Header}, denied parties from {generator.WatchListSource}");
            work = (progress, token) => publisher.Publish(generator, topic, count, rate, framing, key, progress, cancellationToken: token);
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        PublishSummary summary;
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            summary = work(null, stop.Token);
        }
        else
        {
            summary = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    ProgressTask task = context.AddTask("producing", maxValue: Math.Max(1, count));
                    summary = work(produced => task.Value = produced, stop.Token);
                    task.Value = task.MaxValue;
                });
        }

        PrintSummary(summary);
        return summary.Failed == 0 && summary.Delivered == summary.Produced ? 0 : 1;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static void PrintSummary(PublishSummary summary)
    {
        long unconfirmed = summary.Produced - summary.Delivered - summary.Failed;
        string stopped = unconfirmed > 0 ? $", {unconfirmed} unconfirmed when stopped" : string.Empty;
        Console.Out.WriteLine($"sent {summary.Delivered} of {summary.Produced} ({summary.Failed} failed{stopped}) in {summary.Elapsed.TotalSeconds:0.00} s, {summary.MessagesPerSecond:0} msg/s, {summary.Bytes / 1e6:0.0} MB");
        foreach ((ManifestKind kind, long n) in summary.ByKind.OrderByDescending(k => k.Value).ThenBy(k => k.Key))
        {
            Console.Out.WriteLine($"  {kind,-22} {n,10} {(double)n / Math.Max(1, summary.Produced),8:P2}");
        }

        if (summary.FirstError is not null)
        {
            Console.Out.WriteLine($"first delivery error: {summary.FirstError}");
        }
    }
}
