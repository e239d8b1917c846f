using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using ParcelStream.Pipeline.Feedback;
using ParcelStream.Rules;
using ParcelStream.Rules.Feedback;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <content><c>parcelstream rules stats</c>: per-rule hit rates from the feedback statistics topic or a replay's feedback file.</content>
internal static partial class RulesCommand
{
    private static Command CreateStats()
    {
        var bootstrap = new Option<string?>("--bootstrap-servers") { Description = "Kafka bootstrap servers: read the feedback statistics topic." };
        var topic = new Option<string>("--topic") { Description = "The statistics topic.", DefaultValueFactory = _ => new FeedbackOptions().StatsTopic };
        var file = new Option<FileInfo?>("--file") { Description = "A feedback statistics file (JSON Lines) written by parcelstream replay --feedback-out." };
        var rules = new Option<string?>("--rules") { Description = "A rule pack directory: its rules are listed in pack order, those without feedback too." };
        var level = new Option<double>("--level") { Description = "Credible level of the precision intervals (uniform Beta(1,1) prior).", DefaultValueFactory = _ => 0.95 };
        var stats = new Command("stats", "Per-rule hits, inspection results, precision with a credible interval, and the random-selection baseline, from inspection feedback.")
        {
            bootstrap, topic, file, rules, level,
        };
        stats.SetAction(parse => Stats(parse.GetValue(bootstrap), parse.GetValue(topic)!, parse.GetValue(file), parse.GetValue(rules), parse.GetValue(level)));
        return stats;
    }

    private static int Stats(string? bootstrap, string topic, FileInfo? file, string? rulesDirectory, double level)
    {
        if ((bootstrap is null) == (file is null))
        {
            Console.Error.WriteLine("Give either --bootstrap-servers (read the statistics topic) or --file (a replay's feedback file).");
            return 2;
        }

        if (!(level is > 0 and < 1))
        {
            Console.Error.WriteLine("--level must be strictly between 0 and 1.");
            return 2;
        }

        FeedbackTally tally;
        IReadOnlyList<string> order = [];
        try
        {
            if (rulesDirectory is not null)
            {
                order = RulePack.Load(rulesDirectory).RuleIds;
            }

            tally = file is not null
                ? FeedbackStatsFile.Read(file.FullName)
                : FeedbackStatsReader.ReadAll(new Dictionary<string, string> { ["bootstrap.servers"] = bootstrap! }, topic, TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or RulePackException or KafkaException or TimeoutException)
        {
            Console.Error.WriteLine($"parcelstream rules stats: {e.Message}");
            return 1;
        }

        PrintHitRates(tally, order, level, file?.FullName ?? $"{topic} on {bootstrap}");
        return 0;
    }

    /// <summary>Prints the hit-rate table of <paramref name="tally"/>: the rules of <paramref name="order"/> first, then any other with feedback.</summary>
    internal static void PrintHitRates(FeedbackTally tally, IReadOnlyList<string> order, double level, string source)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        IEnumerable<string> ids = order.Concat(tally.Lines.Keys
            .Where(k => k.Kind is FeedbackKind.Rule or FeedbackKind.RuleRandom)
            .Select(k => k.Id)
            .Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal);
        string interval = level.ToString("P0", c) + " interval";
        var table = new Table().Title($"Rule hit rates from inspection feedback ({Markup.Escape(source)})");
        table.AddColumns("rule", "hits", "inspected", "found", "precision", interval, "random: inspected", "random: found");
        foreach (string id in ids)
        {
            EntityCounts risk = tally.Get(new FeedbackKey(FeedbackKind.Rule, id));
            EntityCounts random = tally.Get(new FeedbackKey(FeedbackKind.RuleRandom, id));
            (string precision, string range) = Precision(risk.Results, level);
            table.AddRow(
                Markup.Escape(id),
                (risk.Decided + random.Decided).ToString("N0", c),
                risk.Inspected.ToString("N0", c),
                risk.Found.ToString("N0", c),
                precision,
                range,
                random.Inspected.ToString("N0", c),
                random.Found.ToString("N0", c));
        }

        if (Console.IsOutputRedirected)
        {
            // Piped to a file or another program: one row per line rather than wrapped to an 80-column guess.
            AnsiConsole.Profile.Width = 240;
        }

        AnsiConsole.Write(table);
        EntityCounts baseline = tally.Get(FeedbackKey.Baseline);
        (string rate, string baseRange) = Precision(baseline.Results, level);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(c, $"random baseline: {baseline.Decided:N0} selected at random, {baseline.Inspected:N0} inspected, {baseline.Found:N0} found, rate {rate} ({interval} {baseRange})")));
        int sellers = tally.Lines.Keys.Count(k => k.Kind == FeedbackKind.Seller);
        int consignors = tally.Lines.Keys.Count(k => k.Kind == FeedbackKind.Consignor);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(c, $"history: {sellers:N0} sellers, {consignors:N0} consignors")));
    }

    /// <summary>The observed precision and the credible interval of its Beta(1 + found, 1 + clean) posterior.</summary>
    private static (string Precision, string Interval) Precision(FeedbackCounts counts, double level)
    {
        if (counts.Inspected == 0)
        {
            return ("-", "-");
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        (double low, double high) = new BetaEstimate(RiskPrior.Uniform, counts).CredibleInterval(level);
        return (counts.Rate.ToString("P1", c), $"{low.ToString("P1", c)} - {high.ToString("P1", c)}");
    }
}
