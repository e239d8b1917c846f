using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Reports;
using ParcelStream.Backtest.Replay;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;
using ParcelStream.Pipeline.Kafka.Ranges;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;
using ParcelStream.Rules.Stateful;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream replay FILE.avro</c>: backtests a rule pack (or compares two) on a history of manifests.</summary>
internal static partial class ReplayCommand
{
    public static Command Create()
    {
        var defaults = new RuleEngineOptions();
        var input = new Argument<FileInfo?>("FILE") { Description = "History to replay: an Avro object container file of manifests (e.g. from parcelstream generate --out). Or give --topic to replay a Kafka topic range.", Arity = ArgumentArity.ZeroOrOne };
        KafkaOptions kafka = CreateKafkaOptions();
        var rules = new Option<string?>("--rules") { Description = "Rule pack directory (the baseline); default rules/default." };
        var compare = new Option<string?>("--compare") { Description = "A second rule pack directory (the candidate) to compare with --rules." };
        var output = new Option<string?>("--out") { Description = "Write the --rules pack's decisions: FILE.jsonl (JSON Lines, decision schema field names) or FILE.avro (container file)." };
        var compareOutput = new Option<string?>("--compare-out") { Description = "Write the --compare pack's decisions (.jsonl or .avro)." };
        var inspections = new Option<FileInfo?>("--inspections") { Description = "Known inspection results: CSV (manifestId,result) or JSON Lines, result FOUND or CLEAN: adds hit rates and precision." };
        var inspectionRate = new Option<double?>("--inspection-rate") { Description = "Inspection rate (0-1) at which the packs' expected hit rates are compared; default the baseline's INSPECT share." };
        var capacity = new Option<double?>("--capacity") { Description = $"Inspection capacity as a share of parcels (0-1, e.g. 0.02): the engine's (ParcelStream:Rules:Capacity:Share) and the reports'. Default {defaults.Capacity.Share}." };
        var truth = new Option<FileInfo?>("--truth") { Description = "The generator's ground truth (manifestId,trackingNumber,kind); default FILE.truth.csv when it exists: adds the release rate of clean parcels." };
        var html = new Option<string?>("--html") { Description = "Write the report as a self-contained HTML file with charts." };
        var markdown = new Option<string?>("--markdown") { Description = "Write the Markdown summary." };
        var feedbackOut = new Option<string?>("--feedback-out") { Description = "Write the --rules pack's per-rule hits and inspection results (with --inspections) as a feedback statistics file for parcelstream rules stats --file." };
        var stateful = new Option<bool>("--stateful") { Description = "Also run the split-shipment and duplicate checks (72 h window, default thresholds), in file order on one thread." };
        var threads = new Option<int>("--threads") { Description = "Worker threads; the output is the same for any number.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var hold = new Option<double>("--hold-threshold") { Description = "Risk score that holds.", DefaultValueFactory = _ => defaults.HoldThreshold };
        var inspect = new Option<double>("--inspect-threshold") { Description = "Risk score that inspects.", DefaultValueFactory = _ => defaults.InspectThreshold };
        var randomRate = new Option<double>("--random-rate") { Description = "Share of parcels selected for inspection at random (deterministic per manifestId and seed).", DefaultValueFactory = _ => defaults.RandomSelectionRate };
        var randomSeed = new Option<ulong>("--random-seed") { Description = "Seed of the random selection.", DefaultValueFactory = _ => defaults.RandomSeed };
        var command = new Command(
            "replay",
            "Backtest: decide every manifest of a history file with a rule pack (or two, to compare them) on all cores, write the decisions and a report. "
            + "Input is a container file, or a Kafka topic range (--topic, --bootstrap, optional --partition and --from-/--to-offset or --from-/--to-time; "
            + "replayed by partition, then offset, without joining a consumer group). "
            + "Replays the stateless rule pack; --stateful adds the split-shipment and duplicate checks (file order, one thread). "
            + "The seller and consignor inspection history is unknown in a replay.")
        {
            input, rules, compare, output, compareOutput, inspections, truth, inspectionRate, capacity, html, markdown, feedbackOut, threads, stateful, hold, inspect, randomRate, randomSeed,
            kafka.Topic, kafka.Bootstrap, kafka.Partitions, kafka.FromOffset, kafka.ToOffset, kafka.FromTime, kafka.ToTime, kafka.Properties, kafka.Timeout,
        };
        command.SetAction(parse =>
        {
            var engine = new RuleEngineOptions
            {
                HoldThreshold = parse.GetValue(hold),
                InspectThreshold = parse.GetValue(inspect),
                RandomSelectionRate = parse.GetValue(randomRate),
                RandomSeed = parse.GetValue(randomSeed),
                WatchForChanges = false,
            };
            if (parse.GetValue(capacity) is { } share)
            {
                engine.Capacity.Share = share;
            }

            TopicRangeRequest? range;
            try
            {
                range = ParseKafka(parse, kafka);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"replay: {e.Message}");
                return 2;
            }

            var request = new Request(
                parse.GetValue(input),
                range,
                RulesLocation.Resolve(parse.GetValue(rules)),
                parse.GetValue(compare) is { } c ? Path.GetFullPath(c) : null,
                [parse.GetValue(output), parse.GetValue(compareOutput)],
                parse.GetValue(inspections),
                parse.GetValue(truth),
                parse.GetValue(inspectionRate),
                parse.GetValue(capacity) ?? engine.Capacity.Share,
                parse.GetValue(html),
                parse.GetValue(markdown),
                parse.GetValue(feedbackOut),
                parse.GetValue(stateful) ? 1 : parse.GetValue(threads),
                parse.GetValue(stateful));
            return Run(request, engine);
        });
        return command;
    }

    private static int Run(Request request, RuleEngineOptions engineOptions)
    {
        ReplayOptions options;
        KafkaReplaySource? kafka = null;
        try
        {
            if ((request.Input is null) == (request.Kafka is null))
            {
                throw new ArgumentException("Give either FILE (a container file) or --topic with --bootstrap (a Kafka topic range), not both.");
            }

            if (request.Input is { Exists: false })
            {
                throw new FileNotFoundException($"{request.Input.FullName} does not exist.");
            }

            engineOptions.Validate();
            var packs = new List<ReplayPack> { Load(request.Rules, engineOptions, request.Stateful) };
            if (request.Compare is not null)
            {
                packs.Add(Load(request.Compare, engineOptions, request.Stateful));
            }

            if (request.Outputs[1] is not null && request.Compare is null)
            {
                throw new ArgumentException("--compare-out needs --compare.");
            }

            if (request.Kafka is not null)
            {
                kafka = new KafkaReplaySource(TopicRangeReader.Open(request.Kafka));
            }

            options = new ReplayOptions
            {
                InputPath = request.Input?.FullName,
                MessageSource = kafka,
                Packs = packs,
                OutputPaths = request.Outputs.Take(packs.Count).ToArray(),
                Threads = request.Threads,
                InspectionResults = request.Inspections is null ? null : InspectionResults.Load(request.Inspections.FullName),
                PlantedKinds = TruthFile(request) is { } truthFile ? PlantedKinds.Load(truthFile) : null,
                InspectionRate = request.InspectionRate,
                Capacity = request.Capacity,
            };
            options.Validate();
        }
        catch (RulePackException e)
        {
            kafka?.Dispose();
            Console.Error.WriteLine($"replay: the rule pack is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, e.Errors)}");
            return 2;
        }
        catch (TopicRangeException e)
        {
            Console.Error.WriteLine($"replay: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // An option's message, without the " (Parameter 'x')" that ArgumentException appends for programmers.
            kafka?.Dispose();
            string message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
            Console.Error.WriteLine($"replay: {message}");
            return 2;
        }

        using (kafka)
        {
            return Run(request, options, kafka);
        }
    }

    private static int Run(Request request, ReplayOptions options, KafkaReplaySource? kafka)
    {
        if (kafka is not null)
        {
            foreach (PartitionRange r in kafka.Ranges)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: {kafka.Name} partition {r.Partition}: offsets [{r.Start}, {r.End}) ({r.Count:N0})"));
            }
        }

        Console.Error.WriteLine($"replay: {request.Input?.FullName ?? $"topic {kafka!.Name}"} with {Describe(options.Packs[0])}{(options.Packs.Count > 1 ? $" against {Describe(options.Packs[1])}" : string.Empty)}, {options.Threads} threads{(request.Stateful ? ", with the stateful stages" : " (stateless rule pack only)")}");
        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        ReplayResult result;
        try
        {
            result = RunWithProgress(options, stop.Token);
            if (request.Html is not null)
            {
                HtmlReport.Write(result, request.Html);
            }

            if (request.Markdown is not null)
            {
                MarkdownReport.Write(result, request.Markdown);
            }

            if (request.FeedbackOut is not null)
            {
                FeedbackStatsFile.Write(request.FeedbackOut, ReplayFeedback.Lines(result.Packs[0]));
            }
        }
        catch (Exception e) when (e is AvroContainerException or AvroSchemaException or IOException or UnauthorizedAccessException or TopicRangeException)
        {
            Console.Error.WriteLine($"replay: {e.Message}");
            return 1;
        }

        PrintSummary(result);
        return result.Cancelled ? 130 : 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static ReplayPack Load(string directory, RuleEngineOptions engineOptions, bool stateful)
    {
        RulePack pack = RulePack.Load(directory);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        return stateful
            ? new ReplayPack(name, new RuleEngine(pack, engineOptions), new SplitShipmentSettings(SplitShipmentSettings.DefaultWindow))
            : new ReplayPack(name, new RuleEngine(pack, engineOptions));
    }

    private static string Describe(ReplayPack pack) => $"{pack.Name} {pack.Pack.Version} ({pack.Pack.RuleCount} rules)";

    private static ReplayResult RunWithProgress(ReplayOptions options, CancellationToken token)
    {
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            return Replayer.Run(options, null, token);
        }

        ReplayResult result = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("replaying", maxValue: 1);
                result = Replayer.Run(options, p => task.Value = p.Total == 0 ? 0 : (double)p.Done / p.Total, token);
                task.Value = 1;
            });
        return result;
    }

    private static void PrintSummary(ReplayResult result)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(c, $"replayed {result.Decided:N0} manifests ({result.Undecodable:N0} undecodable) in {result.Elapsed.TotalSeconds:0.00} s: {result.ManifestsPerSecond:N0} manifests/s on {result.Threads} threads{(result.Cancelled ? " (stopped early)" : string.Empty)}"));
        foreach (PackResult p in result.Packs)
        {
            Console.Out.WriteLine(string.Create(c, $"  {p.Name,-16} {p.Version,-14} RELEASE {p.Share(Outcome.Release),7:P2}  HOLD {p.Share(Outcome.Hold),7:P2}  INSPECT {p.Share(Outcome.Inspect),7:P2}{(result.HasInspectionResults ? $"  expected hit rate at {result.ComparisonRate:P2}: {p.HitRateAt(result.ComparisonRate).HitRate:P2}" : string.Empty)}"));
            Console.Out.WriteLine(string.Create(c, $"  {string.Empty,-31} {Details(p, result)}"));
        }

        if (result.Comparison is { } comparison)
        {
            TransitionMatrix m = comparison.Transitions;
            Console.Out.WriteLine(string.Create(c, $"  changed {m.Changed:N0} ({(double)m.Changed / Math.Max(1, m.Total):P2}); inspections added {m.InspectionsAdded:N0}, removed {m.InspectionsRemoved:N0}"));
        }

        foreach (ReplayIssue issue in result.Issues.Take(5))
        {
            Console.Error.WriteLine($"  record {issue.Record}: {issue.Message}");
        }
    }

    /// <summary>One line of what the reports detail: capacity split, clean release rate, parcels owing duty or VAT.</summary>
    private static string Details(PackResult p, ReplayResult result)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        double Share(long count) => p.Decided == 0 ? 0 : (double)count / p.Decided;
        string capacity = p.EngineCapacity is { } share
            ? string.Create(c, $"capacity {share:P2}: forced {Share(p.ForcedInspections):P2}, random {Share(p.RandomInspections):P2}, rank {Share(p.RankInspections):P2}")
            : "capacity off";
        string clean = result.PlantedKindsGiven > 0 ? string.Create(c, $"; clean RELEASE {p.CleanReleaseRate:P2}") : string.Empty;
        long owing = p.Assessments.Sum(a => a.Owing);
        return string.Create(c, $"{capacity}{clean}; owing duty or VAT {owing:N0} of {p.Decided:N0}");
    }

    /// <summary>The ground-truth file: --truth, else the input's side file when it exists (a generated history).</summary>
    private static string? TruthFile(Request request)
    {
        if (request.Truth is { } truth)
        {
            return truth.Exists ? truth.FullName : throw new FileNotFoundException($"--truth {truth.FullName} does not exist.");
        }

        string? side = request.Input is null ? null : PlantedKinds.SideFileOf(request.Input.FullName);
        return side is not null && File.Exists(side) ? side : null;
    }

    private sealed record Request(
        FileInfo? Input,
        TopicRangeRequest? Kafka,
        string Rules,
        string? Compare,
        string?[] Outputs,
        FileInfo? Inspections,
        FileInfo? Truth,
        double? InspectionRate,
        double? Capacity,
        string? Html,
        string? Markdown,
        string? FeedbackOut,
        int Threads,
        bool Stateful);
}
