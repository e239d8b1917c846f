using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParcelStream.DevTools.Mock;
using ParcelStream.DevTools.Simulation;
using ParcelStream.Host.Simulation;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Pipeline.Models;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <summary>
/// <c>parcelstream simulate</c>: the closed targeting loop on a synthetic world with ground truth (docs/simulation.md),
/// through the real worker on the embedded cluster, with inspection results fed back and the model retrained on its
/// schedule; reports per simulated day what the engine would catch (console, report.json, report.html).
/// </summary>
internal static class SimulateCommand
{

    /// <summary>Creates the command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var days = new Option<int>("--days") { Description = "Simulated days.", DefaultValueFactory = _ => 20 };
        var perDay = new Option<int>("--parcels-per-day") { Description = "Parcels a simulated day.", DefaultValueFactory = _ => 20_000 };
        var capacity = new Option<double>("--capacity") { Description = "Share of parcels the inspection offices can inspect (ParcelStream:Rules:Capacity:Share).", DefaultValueFactory = _ => 0.02 };
        var random = new Option<double>("--random-rate") { Description = "Share selected at random, the unbiased baseline (ParcelStream:Rules:RandomSelectionRate).", DefaultValueFactory = _ => 0.002 };
        var exploration = new Option<double>("--exploration-rate") { Description = "Share of a seller's parcels an active model explores while the seller has no unbiased result (ParcelStream:Rules:ExplorationRate).", DefaultValueFactory = _ => new RuleEngineOptions().ExplorationRate };
        var warmUp = new Option<int>("--warm-up") { Description = "First days the overall figures leave out (the model has little to learn from yet).", DefaultValueFactory = _ => 5 };
        var learning = new Option<bool>("--learning") { Description = "Train a model inside the loop (false: the rule pack alone decides every day).", DefaultValueFactory = _ => true };
        var firstTraining = new Option<int>("--first-training-day") { Description = "The first day a trained model decides (earlier days: the rules alone; a day's results come in the day after, so at least 2).", DefaultValueFactory = _ => 3 };
        var retrainEvery = new Option<int>("--retrain-every") { Description = "Days between retrainings.", DefaultValueFactory = _ => 1 };
        var window = new Option<int>("--training-window") { Description = "Most recent days each retraining reads (0 = all days so far).", DefaultValueFactory = _ => 10 };
        var trees = new Option<int>("--trees") { Description = "Trees of each model.", DefaultValueFactory = _ => 200 };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree (more: finer, and slower to score).", DefaultValueFactory = _ => new ParcelStream.Learning.TrainingOptions().Leaves };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the world: the same seed gives the same parcels and ground truth.", DefaultValueFactory = _ => 42 };
        var rules = new Option<string?>("--rules") { Description = "Rule pack directory (default: rules/default); copied, so the model the loop trains never touches it." };
        var output = new Option<string>("--out") { Description = "Directory for report.json, report.html, the last model and the simulated days' files.", DefaultValueFactory = _ => "simulation" };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of the manifests topic.", DefaultValueFactory = _ => 2 };
        var command = new Command("simulate", "Run the closed targeting loop on a synthetic world with planted non-compliance: the real worker decides each simulated day on the embedded cluster, an inspection office inspects what it selects and feeds the results back, and a model is retrained on schedule; reports inspections against capacity, hit rate against random (lift), top 1 %/2 % lift, ROC AUC, revenue recovered, compliant release rate and recall per planted pattern.")
        {
            days, perDay, capacity, random, exploration, warmUp, learning, firstTraining, retrainEvery, window, trees, leaves, seed, rules, output, partitions,
        };
        command.SetSignalAwareAction((parse, ct) => RunAsync(
            new SimulationSettings(
                parse.GetValue(days), parse.GetValue(perDay), parse.GetValue(capacity), parse.GetValue(random), parse.GetValue(exploration), parse.GetValue(warmUp), parse.GetValue(learning),
                parse.GetValue(firstTraining), parse.GetValue(retrainEvery), parse.GetValue(window), parse.GetValue(trees), parse.GetValue(leaves), parse.GetValue(seed), parse.GetValue(rules),
                parse.GetValue(output)!, parse.GetValue(partitions)),
            ct));
        return command;
    }

    /// <summary>Runs the simulation.</summary>
    /// <param name="settings">What to simulate.</param>
    /// <param name="cancellationToken">Ctrl-C or SIGTERM: stops after the current step, with a report of the days done.</param>
    /// <returns>0 when done, 1 when the worker failed, 2 for bad settings.</returns>
    public static async Task<int> RunAsync(SimulationSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Validate() is { } problem)
        {
            await Console.Error.WriteLineAsync($"parcelstream simulate: {problem}").ConfigureAwait(false);
            return 2;
        }

        string source = RulesLocation.Resolve(settings.Rules);
        if (!Directory.Exists(source))
        {
            await Console.Error.WriteLineAsync($"parcelstream simulate: --rules: rule pack directory not found: {source}").ConfigureAwait(false);
            return 2;
        }

        string outputDirectory = Path.GetFullPath(settings.Output);
        string work = Path.Combine(outputDirectory, "days");
        string rulesCopy = Path.Combine(outputDirectory, "rules");
        Directory.CreateDirectory(work);
        CopyPack(source, rulesCopy, dropModel: settings.Learning);

        // Simulated days end yesterday, so the manifests' createdAt is recent, as the worker expects of live traffic.
        var world = new SimulationWorld(new WorldOptions
        {
            Seed = settings.Seed,
            ParcelsPerDay = settings.ParcelsPerDay,
            Days = settings.Days,
            StartDate = DateOnly.FromDateTime(DateTime.UtcNow.Date).AddDays(-settings.Days),
        });

        using var cluster = new MockCluster(brokerCount: 1);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var topics = new WorkerOptions();
        cluster.CreateTopic(topics.InputTopic, settings.Partitions);
        foreach (string topic in new[] { topics.ReleaseTopic, topics.HoldTopic, topics.InspectTopic, topics.DeadLetterTopic })
        {
            cluster.CreateTopic(topic, 2);
        }

        cluster.CreateTopic(new ModelOptions().Topic, 1);
        var feedbackTopics = new FeedbackOptions();
        foreach (string topic in feedbackTopics.Topics)
        {
            cluster.CreateTopic(topic, settings.Partitions);
        }

        var configuration = new Dictionary<string, string?>
        {
            ["ParcelStream:Worker:BootstrapServers"] = cluster.BootstrapServers,
            ["ParcelStream:Worker:GroupId"] = "parcelstream-simulate",
            ["ParcelStream:Rules:Directory"] = rulesCopy,
            ["ParcelStream:Rules:Capacity:Share"] = settings.Capacity.ToString("R", CultureInfo.InvariantCulture),
            ["ParcelStream:Rules:RandomSelectionRate"] = settings.RandomRate.ToString("R", CultureInfo.InvariantCulture),
            ["ParcelStream:Rules:ExplorationRate"] = settings.ExplorationRate.ToString("R", CultureInfo.InvariantCulture),
            ["ParcelStream:Rules:Capacity:HalfLife"] = settings.CapacityHalfLife.ToString(CultureInfo.InvariantCulture),
            ["ParcelStream:Metrics:Enabled"] = "false",
            ["ParcelStream:State:Enabled"] = "false",
            ["ParcelStream:Feedback:Enabled"] = "true",
            ["ParcelStream:Logging:Format"] = "text",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        IHost host;
        try
        {
            host = RunCommand.Compose(c => c.AddInMemoryCollection(configuration));
            _ = host.Services.GetRequiredService<RuleEngine>();
        }
        catch (Exception ex) when (ex is InvalidConfigurationException or RulePackException)
        {
            await Console.Error.WriteLineAsync($"parcelstream simulate: {ex.Message}").ConfigureAwait(false);
            return 2;
        }

        using (host)
        {
            RuleEngine engine = host.Services.GetRequiredService<RuleEngine>();
            WorkerHandle worker = host.Services.GetRequiredService<WorkerHandle>();
            FeedbackHandle? feedback = host.Services.GetService<FeedbackHandle>();
            AnsiConsole.MarkupLine($"[bold]ParcelStream simulate[/]: {Markup.Escape(settings.Describe())}; rule pack [blue]{Markup.Escape(engine.Current.Version)}[/] (copied to {Markup.Escape(rulesCopy)})");
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            if (await WorkerStart.WaitAsync(worker, "simulate", cancellationToken).ConfigureAwait(false) is not { } counters)
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return 1;
            }

            var clock = Stopwatch.StartNew();
            using var loop = new SimulationLoop(settings, world, cluster.BootstrapServers, topics, feedbackTopics, engine, counters, feedback, work);
            int exit = 0;
            try
            {
                for (int day = 0; day < settings.Days && !cancellationToken.IsCancellationRequested && !worker.Failed; day++)
                {
                    await Task.Run(() => loop.RunDay(day, Console.Out, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("[yellow]stopped[/]: the report covers the days done");
            }
            catch (TimeoutException e)
            {
                await Console.Error.WriteLineAsync($"parcelstream simulate: {e.Message}").ConfigureAwait(false);
                exit = 1;
            }

            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            exit = worker.Failed ? 1 : exit;
            if (loop.Rows.Count > 0)
            {
                Report(loop, settings, outputDirectory, rulesCopy, clock.Elapsed);
            }

            return exit;
        }
    }

    private static void Report(SimulationLoop loop, SimulationSettings settings, string outputDirectory, string rulesCopy, TimeSpan elapsed)
    {
        int daysDone = loop.Rows.Max(r => r.Day) + 1;
        var report = SimulationReport.Compute(loop.Rows, new ReportOptions { WarmUpDays = Math.Min(settings.WarmUpDays, daysDone - 1), CapacityShare = settings.Capacity });
        Console.WriteLine();
        report.WriteText(Console.Out);
        string json = Path.Combine(outputDirectory, "report.json");
        using (FileStream stream = File.Create(json))
        {
            report.WriteJson(stream);
        }

        string html = Path.Combine(outputDirectory, "report.html");
        using (var writer = new StreamWriter(html))
        {
            report.WriteHtml(writer);
        }

        // Every parcel's row, for analyses the report does not make (by seller, by route...).
        string parcels = Path.Combine(outputDirectory, "parcels.csv");
        using (var writer = new StreamWriter(parcels))
        {
            writer.WriteLine("day,manifestId,pattern,revenueAtStakeCents,score,outcome,selectedBy,inspected,found");
            foreach (ReportRow r in loop.Rows)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Day + 1},{r.ManifestId},{r.Pattern},{r.RevenueAtStakeCents},{r.Score:R},{r.Outcome},{r.SelectedBy},{(r.Inspected ? 1 : 0)},{(r.Found ? 1 : 0)}"));
            }
        }

        string model = loop.ModelPath;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{daysDone} days in {elapsed:h\\:mm\\:ss}; {loop.Models.Count} models trained; report: {json}, {html}, {parcels}{(File.Exists(model) ? $"; last model: {model}" : string.Empty)}")));
    }

    /// <summary>Copies a rule pack (sub-directories included, hidden entries left out), without its model when the loop trains its own.</summary>
    private static void CopyPack(string source, string destination, bool dropModel)
    {
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination, recursive: true);
        }

        foreach (string relative in PackFiles(source))
        {
            if (dropModel && relative == RiskModelFile.FileName)
            {
                continue;
            }

            string target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(source, relative), target);
        }
    }

    private static IEnumerable<string> PackFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')));
}
