using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using ParcelStream.Learning;
using ParcelStream.Pipeline.Kafka;
using ParcelStream.Pipeline.Models;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream model train</c> and <c>model show</c>: the learned risk model from files (docs/learned-risk.md).</summary>
internal static partial class ModelCommand
{
    public static Command Create()
    {
        var defaults = new TrainingOptions();
        var engineDefaults = new RuleEngineOptions();
        var manifests = new Option<string[]>("--manifests") { Description = "History: an Avro object container file of manifests (e.g. from parcelstream generate --out). Repeat for several files.", Required = true, Arity = ArgumentArity.OneOrMore };
        var results = new Option<string[]>("--results")
        {
            Description = "Inspection results: .csv with a header or .jsonl, as parcelstream inspections publish reads them (manifestId and result FOUND/CLEAN required; inspectedAt, UTC ms or ISO 8601, places the result in time, else its parcel's createdAt). Repeat for several files.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var rules = new Option<string?>("--rules") { Description = "Rule pack directory, for its currencies (values are converted to its base currency); default rules/default." };
        var output = new Option<string>("--out") { Description = $"Model file to write (read beside pack.yaml as {RiskModelFile.FileName}).", DefaultValueFactory = _ => RiskModelFile.FileName };
        var trees = new Option<int>("--trees") { Description = "Number of boosted trees.", DefaultValueFactory = _ => defaults.Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => defaults.Leaves };
        var minLeaf = new Option<int>("--min-leaf-examples") { Description = "Fewest training examples in a leaf.", DefaultValueFactory = _ => defaults.MinExamplesPerLeaf };
        var learningRate = new Option<double>("--learning-rate") { Description = "Boosting learning rate.", DefaultValueFactory = _ => defaults.LearningRate };
        var validationDays = new Option<int?>("--validation-days") { Description = "Last UTC days held back for validation (trained on the earlier days, scored on these); default 20 % of the days, at least 1; 0 for none." };
        var noRetrain = new Option<bool>("--no-retrain") { Description = "Write the model validated on the earlier days instead of retraining it on all days." };
        var maxRandomWeight = new Option<double>("--max-random-weight") { Description = "Cap of a random selection's weight (inverse propensity 1 / random rate).", DefaultValueFactory = _ => defaults.MaxRandomWeight };
        var randomRate = new Option<double>("--random-rate") { Description = "The engine's random selection rate when the history was decided (ParcelStream:Rules:RandomSelectionRate): tells random selections, the unbiased sample, apart.", DefaultValueFactory = _ => engineDefaults.RandomSelectionRate };
        var randomSeed = new Option<ulong>("--random-seed") { Description = "The engine's random selection seed (ParcelStream:Rules:RandomSeed).", DefaultValueFactory = _ => engineDefaults.RandomSeed };
        var seed = new Option<int>("--seed") { Description = "Seed of the trainer.", DefaultValueFactory = _ => defaults.Seed };
        var decisions = new Option<string[]>("--decisions") { Description = "Decisions of the history, JSON Lines as replay --out and decisions tail print them (optional, repeatable): which inspected parcels were random selections or explorations (the unbiased sample, and each seller's baseline); without them the random draw is recomputed and no exploration is known.", Arity = ArgumentArity.ZeroOrMore };
        var explorationRate = new Option<double>("--exploration-rate") { Description = "The engine's exploration rate when the history was decided (ParcelStream:Rules:ExplorationRate): weights explored parcels by their inverse propensity.", DefaultValueFactory = _ => engineDefaults.ExplorationRate };
        var train = new Command(
            "train",
            "Train the learned risk model on a history of manifests and inspection results: feature norms from the history, FastTree gradient-boosted trees weighted "
            + "by inverse propensity (random selections stand for all traffic), Platt calibration, validation on the last days; writes the model file and prints the metrics.")
        {
            manifests, results, decisions, rules, output, trees, leaves, minLeaf, learningRate, validationDays, noRetrain, maxRandomWeight, randomRate, randomSeed, explorationRate, seed,
        };
        train.SetAction(parse =>
        {
            var options = new TrainingOptions
            {
                ManifestPaths = [.. parse.GetValue(manifests)!.Select(Path.GetFullPath)],
                ResultPaths = [.. parse.GetValue(results)!.Select(Path.GetFullPath)],
                DecisionPaths = [.. (parse.GetValue(decisions) ?? []).Select(Path.GetFullPath)],
                Trees = parse.GetValue(trees),
                Leaves = parse.GetValue(leaves),
                MinExamplesPerLeaf = parse.GetValue(minLeaf),
                LearningRate = parse.GetValue(learningRate),
                ValidationDays = parse.GetValue(validationDays),
                RetrainOnAllDays = !parse.GetValue(noRetrain),
                MaxRandomWeight = parse.GetValue(maxRandomWeight),
                Engine = new RuleEngineOptions { RandomSelectionRate = parse.GetValue(randomRate), RandomSeed = parse.GetValue(randomSeed), ExplorationRate = parse.GetValue(explorationRate), WatchForChanges = false },
                Seed = parse.GetValue(seed),
            };
            options.Norms.Seed = (ulong)options.Seed;
            return Train(options, RulesLocation.Resolve(parse.GetValue(rules)), Path.GetFullPath(parse.GetValue(output)!));
        });
        return new Command("model", "The learned risk model: train it from files, show a model file, publish one to the workers.") { train, CreateShow(), CreatePublish() };
    }

    private static int Train(TrainingOptions options, string rulesDirectory, string output)
    {
        var clock = Stopwatch.StartNew();
        TrainingData data;
        TrainingOutcome outcome;
        try
        {
            options.Validate();
            RulePack pack = RulePack.Load(rulesDirectory);
            (data, outcome) = RunWithProgress(options, pack);
            File.WriteAllBytes(output, RiskModelFile.Serialize(outcome.Model));
        }
        catch (RulePackException e)
        {
            Console.Error.WriteLine($"model train: the rule pack is invalid: {string.Join("; ", e.Errors)}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"model train: {e.Message}");
            return 2;
        }

        PrintSummary(data, outcome, output, clock.Elapsed);
        return 0;
    }

    private static (TrainingData Data, TrainingOutcome Outcome) RunWithProgress(TrainingOptions options, RulePack pack)
    {
        var trainer = new ModelTrainer(options);
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            TrainingData quiet = TrainingDataReader.Read(options, pack);
            return (quiet, trainer.Train(quiet));
        }

        TrainingData data = null!;
        TrainingOutcome outcome = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = Enum.GetValues<TrainingStage>().ToDictionary(s => s, s => context.AddTask(StageName(s), autoStart: false, maxValue: 1));
                var progress = new StageProgress(tasks);
                data = TrainingDataReader.Read(options, pack, progress);
                outcome = trainer.Train(data, progress);
                foreach (ProgressTask task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            });
        return (data, outcome);
    }

    private static string StageName(TrainingStage stage) => stage switch
    {
        TrainingStage.Reading => "reading",
        TrainingStage.Norms => "norms",
        TrainingStage.Features => "features",
        TrainingStage.Training => "training",
        _ => "validation",
    };

    private static void PrintSummary(TrainingData data, TrainingOutcome outcome, string output, TimeSpan elapsed)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        RiskModel model = outcome.Model;
        Console.Out.WriteLine(string.Create(c, $"read {data.Parcels:N0} manifests ({data.BadManifests:N0} undecodable) over {data.Days} days from {data.FirstDay:yyyy-MM-dd}; {data.Labelled:N0} with a result ({data.Found:N0} FOUND, {data.RandomLabelled:N0} random selections weighted {data.RandomWeight:0.##}); {data.UnmatchedResults:N0} results matched no manifest"));
        if (outcome.Validation is { } v)
        {
            Console.Out.WriteLine(string.Create(c, $"validation: {v.Days} held-back day(s) from {data.FirstValidationDay:yyyy-MM-dd}, {v.Examples:N0} labelled ({v.Found:N0} FOUND)"));
            var table = new Table();
            table.AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
            table.AddRow("ROC AUC", Format(v.Auc, "0.000"));
            table.AddRow("ROC AUC, weighted", Format(v.AucWeighted, "0.000"));
            table.AddRow("lift, top 1 %", Format(v.LiftTop1, "0.0") + "x");
            table.AddRow("lift, top 2 %", Format(v.LiftTop2, "0.0") + "x");
            table.AddRow("FOUND rate, weighted", Format(v.BaseRate, "P2"));
            table.AddRow("mean predicted", Format(v.MeanPredicted, "P2"));
            if (Console.IsOutputRedirected)
            {
                AnsiConsole.Profile.Width = 240;
            }

            AnsiConsole.Write(table);
        }
        else
        {
            Console.Out.WriteLine("no validation (one day of history, or --validation-days 0)");
        }

        Console.Out.WriteLine(string.Create(c, $"wrote {output}: model {model.Version}, {model.Trees.TreeCount} trees, {model.Norms.Hs.Count:N0} HS6 norms, {model.Norms.Words.Count:N0} words, in {elapsed.TotalSeconds:0.0} s"));
    }

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Moves the progress bars as the stages report, on the training thread (Spectre.Console's tasks are thread-safe).</summary>
    private sealed class StageProgress(Dictionary<TrainingStage, ProgressTask> tasks) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            foreach ((TrainingStage stage, ProgressTask task) in tasks)
            {
                if (stage < value.Stage && task.StopTime is null)
                {
                    task.Value = task.MaxValue;
                    task.StopTask();
                }
            }

            ProgressTask current = tasks[value.Stage];
            if (!current.IsStarted)
            {
                current.StartTask();
            }

            if (value.Total > 0)
            {
                current.MaxValue = value.Total;
                current.Value = value.Done;
            }
        }
    }

    private static Command CreatePublish()
    {
        var file = new Argument<string>("FILE") { Description = "The model file (risk-model.json, as model train writes it)." };
        var bootstrap = new Option<string>("--bootstrap-servers") { Description = "Kafka bootstrap servers (e.g. the BOOTSTRAP line of parcelstream cluster).", Required = true };
        var topic = new Option<string>("--topic") { Description = "The model topic the workers read (ParcelStream:Model:Topic).", DefaultValueFactory = _ => new ModelOptions().Topic };
        var publish = new Command("publish", "Check a model file and publish it to the model topic: every worker reading the topic swaps to it (a model from the topic outranks a file beside the pack).")
        {
            file, bootstrap, topic,
        };
        publish.SetAction(parse => Publish(parse.GetValue(file)!, parse.GetValue(bootstrap)!, parse.GetValue(topic)!));
        return publish;
    }

    private static int Publish(string path, string bootstrap, string topic)
    {
        RiskModel model;
        byte[] bytes;
        try
        {
            model = RiskModelFile.Load(path);
            bytes = File.ReadAllBytes(path);
        }
        catch (RulePackException e)
        {
            // The same checks the workers make: a file they would reject is not sent.
            Console.Error.WriteLine($"parcelstream model publish: {string.Join("; ", e.Errors)}");
            return 2;
        }

        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, MessageMaxBytes = 16 * 1024 * 1024, MessageTimeoutMs = 30_000 };
        using IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(config).SetLogHandler(KafkaLog.Shared.Handler()).Build();
        try
        {
            DeliveryResult<string, byte[]> sent = producer.ProduceAsync(topic, new Message<string, byte[]> { Key = ModelOptions.RecordKey, Value = bytes }).GetAwaiter().GetResult();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"published model {model.Version} ({model.Trees.TreeCount} trees, {bytes.Length:N0} bytes) to {sent.TopicPartitionOffset}"));
            return 0;
        }
        catch (ProduceException<string, byte[]> e)
        {
            Console.Error.WriteLine($"parcelstream model publish: not published to {topic}: {e.Error.Reason}");
            return 1;
        }
    }
}
