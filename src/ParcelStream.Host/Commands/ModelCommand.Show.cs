using System.CommandLine;
using System.Globalization;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;
using Spectre.Console;

namespace ParcelStream.Host.Commands;

/// <content><c>parcelstream model show FILE</c>.</content>
internal static partial class ModelCommand
{
    private const int TopFeatures = 10;

    private static Command CreateShow()
    {
        var file = new Argument<FileInfo>("FILE") { Description = $"A model file ({RiskModelFile.FileName}, as model train writes it)." };
        var show = new Command("show", "Print a model file's version, trees, the features its splits use most, its norms and the metrics measured at training.") { file };
        show.SetAction(parse => Show(parse.GetValue(file)!));
        return show;
    }

    private static int Show(FileInfo file)
    {
        RiskModel model;
        try
        {
            model = RiskModelFile.Load(file.FullName);
        }
        catch (RulePackException e)
        {
            Console.Error.WriteLine($"model show: {string.Join("; ", e.Errors)}");
            return 2;
        }

        CultureInfo c = CultureInfo.InvariantCulture;
        TreeEnsemble trees = model.Trees;
        var splits = new int[trees.FeatureCount];
        trees.CountSplits(splits);
        Console.Out.WriteLine(string.Create(c, $"model {model.Version}, trained {model.TrainedAt:yyyy-MM-dd HH:mm} UTC"));
        Console.Out.WriteLine(string.Create(c, $"{trees.TreeCount} trees, {splits.Sum():N0} splits over {splits.Count(s => s > 0)} of {trees.FeatureCount} features; calibration slope {model.PlattSlope:0.####}, offset {model.PlattOffset:0.####}"));
        Console.Out.WriteLine(string.Create(c, $"norms: base rate {model.Norms.BaseRate:P2}, {model.Norms.Hs.Count:N0} HS6, {model.Norms.Routes.Count:N0} routes, {model.Norms.Operators.Count:N0} operators, {model.Norms.Words.Count:N0} words"));
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 240;
        }

        Console.Out.WriteLine("features used most:");
        var used = new Table().AddColumn("feature").AddColumn(new TableColumn("splits").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach ((int feature, int count) in splits.Select((count, feature) => (feature, count)).Where(p => p.count > 0).OrderByDescending(p => p.count).ThenBy(p => p.feature).Take(TopFeatures))
        {
            used.AddRow(RiskFeatures.NameOf(feature), count.ToString("N0", c), ((double)count / splits.Sum()).ToString("P1", c));
        }

        AnsiConsole.Write(used);
        Console.Out.WriteLine("metrics measured at training (held-back days):");
        var metrics = new Table().AddColumn("name").AddColumn(new TableColumn("value").RightAligned());
        foreach ((string name, double value) in model.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            metrics.AddRow(Markup.Escape(name), value.ToString("0.####", c));
        }

        AnsiConsole.Write(metrics);
        return 0;
    }
}
