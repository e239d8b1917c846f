using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ParcelStream.Codec;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules;

namespace ParcelStream.Host.Commands;

/// <summary><c>parcelstream rules check DIR</c>, <c>parcelstream rules explain DIR --manifest FILE</c> and <c>parcelstream rules stats</c>.</summary>
internal static partial class RulesCommand
{
    public static Command Create()
    {
        var checkDir = new Argument<string>("DIR") { Description = "Rule pack directory (holding pack.yaml)." };
        var check = new Command("check", "Validate a rule pack: print every error as file:line and exit 1, or print its version and rule count and exit 0.") { checkDir };
        check.SetAction(parse => Check(parse.GetValue(checkDir)!));

        var explainDir = new Argument<string>("DIR") { Description = "Rule pack directory (holding pack.yaml)." };
        var manifest = new Option<string?>("--manifest") { Description = "Manifest to evaluate: JSON (field names as in the schema, enums as symbols) or a raw Avro datum (.avro, .bin). Default: the demo manifest." };
        var holdThreshold = new Option<double>("--hold-threshold") { Description = "Risk score that holds.", DefaultValueFactory = _ => new RuleEngineOptions().HoldThreshold };
        var inspectThreshold = new Option<double>("--inspect-threshold") { Description = "Risk score that inspects.", DefaultValueFactory = _ => new RuleEngineOptions().InspectThreshold };
        var history = new Option<string?>("--risk-history")
        {
            Description = "The seller's and consignor's inspection history to decide with, as a decision's parcelstream.risk-history header gives it: seller=F/N;consignor=F/N;prior=A/B (reproduces that decision).",
        };
        var cutoff = new Option<string?>("--cutoff")
        {
            Description = "The inspection cut-off to decide with, as a decision's parcelstream.cutoff header gives it (reproduces that decision; default: the inspect threshold's, as before any traffic).",
        };
        var explain = new Command("explain", "Evaluate one manifest with a rule pack and explain the decision rule by rule (no random selection).")
        {
            explainDir, manifest, holdThreshold, inspectThreshold, history, cutoff,
        };
        explain.SetAction(parse => Explain(parse.GetValue(explainDir)!, parse.GetValue(manifest), parse.GetValue(holdThreshold), parse.GetValue(inspectThreshold), parse.GetValue(history), parse.GetValue(cutoff)));

        return new Command("rules", "Rule packs: validate them, explain decisions, show their hit rates from inspection feedback.") { check, explain, CreateStats() };
    }

    private static int Check(string directory)
    {
        try
        {
            RulePack pack = RulePack.Load(directory);
            Console.WriteLine($"{directory}: rule pack {pack.Version}: {pack.RuleCount} rules, {pack.ListCount} lists, {pack.WatchListEntryCount} watch-list entries: OK");
            return 0;
        }
        catch (RulePackException e)
        {
            foreach (RuleValidationError error in e.Errors)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine($"{directory}: {e.Errors.Count} error{(e.Errors.Count == 1 ? string.Empty : "s")}");
            return 1;
        }
    }

    private static int Explain(string directory, string? manifestPath, double hold, double inspect, string? history, string? cutoffText)
    {
        double cutoff = double.NaN;
        if (cutoffText is not null && !(double.TryParse(cutoffText, NumberStyles.Float, CultureInfo.InvariantCulture, out cutoff) && !double.IsNaN(cutoff)))
        {
            Console.Error.WriteLine($"--cutoff: '{cutoffText}' is not a number (or Infinity, -Infinity) as the parcelstream.cutoff header gives it");
            return 2;
        }

        RiskHistory riskHistory = default;
        if (history is not null && !RiskHistory.TryParse(Encoding.UTF8.GetBytes(history), out riskHistory))
        {
            Console.Error.WriteLine($"--risk-history: '{history}' is not seller=F/N;consignor=F/N;prior=A/B");
            return 2;
        }

        RulePack pack;
        try
        {
            pack = RulePack.Load(directory);
        }
        catch (RulePackException)
        {
            return Check(directory);
        }

        byte[] message;
        try
        {
            message = ReadManifest(manifestPath);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{manifestPath}: {e.Message}");
            return 2;
        }

        var view = new ManifestView();
        AvroError decoded = new ManifestDecoder(SchemaRegistry.Default).Decode(message, 0, message.Length, view);
        if (decoded.IsError)
        {
            Console.Error.WriteLine($"{manifestPath}: not a manifest: {decoded}");
            return 2;
        }

        var engine = new RuleEngine(pack, new RuleEngineOptions { HoldThreshold = hold, InspectThreshold = inspect, RandomSelectionRate = 0 });
        var decision = new CustomsDecision();
        decision.Reset();
        decision.SetManifest(view.ManifestId, view.TrackingNumber);
        decision.RiskHistory = riskHistory;
        if (double.IsNaN(cutoff))
        {
            engine.Evaluate(view, decision);
        }
        else
        {
            engine.EvaluateWithCutoff(view, decision, cutoff);
        }

        DateTimeOffset created = DateTimeOffset.FromUnixTimeMilliseconds(view.CreatedAtMillis);
        Console.WriteLine($"manifest {Text(view.ManifestId)} ({Text(view.TrackingNumber)}, {Text(view.DepartureCountry)} -> {Text(view.DestinationCountry)}, {view.ItemCount} items, created {created:yyyy-MM-dd})");
        Console.WriteLine($"rule pack {pack.Version} ({pack.RuleCount} rules) from {pack.Directory}");
        Console.WriteLine($"inspection cut-off {decision.Cutoff.ToString("R", CultureInfo.InvariantCulture)}{(cutoffText is null ? " (the inspect threshold's: no traffic seen; --cutoff reproduces a recorded decision)" : " (given)")}");
        Console.WriteLine($"decision: {decision.Outcome.ToString().ToUpperInvariant()}  risk score {decision.RiskScore.ToString("0.000", CultureInfo.InvariantCulture)}{(decision.Referral != Referral.None ? $"  referral {decision.Referral}" : string.Empty)}{(decision.PostClearanceAudit ? "  post-clearance audit" : string.Empty)}");
        if (decision.HasAssessment)
        {
            // The assessment currencies (EUR, GBP, USD, CAD, AUD) all have two minor-unit digits.
            const double exponent = 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assessment: {decision.FiscalRegime}, declaration {decision.DeclarationType}, duty {Text(decision.AssessmentCurrency)} {decision.DutyMinor / Math.Pow(10, exponent):0.00} ({Text(decision.DutyBasis)}), VAT {decision.VatMinor / Math.Pow(10, exponent):0.00} at {decision.VatRatePercent:0.##}% collected by {decision.VatCollector}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"            threshold {Text(decision.AssessmentThreshold)} {Text(decision.ThresholdPeriod)}, exchange rate {decision.ExchangeRate:0.######}{(decision.AssessmentNote.IsEmpty ? string.Empty : "; " + Text(decision.AssessmentNote))}"));
        }
        else
        {
            Console.WriteLine(pack.HasAssessment ? "assessment: none for this destination or currency" : "assessment: the pack has no assessment section");
        }

        for (int i = 0; i < decision.ReasonCount; i++)
        {
            string ruleId = Encoding.UTF8.GetString(decision.ReasonRuleId(i));
            Console.WriteLine($"  {Encoding.UTF8.GetString(decision.ReasonCode(i)),-24} {ruleId}: {Encoding.UTF8.GetString(decision.ReasonDetail(i))}");
            if (pack.DescribeRule(ruleId) is { } description)
            {
                Console.WriteLine($"  {string.Empty,-24} {description}");
            }
        }

        if (decision.ReasonCount == 0)
        {
            Console.WriteLine("  no rule hit");
        }

        return 0;
    }

    private static byte[] ReadManifest(string? path)
    {
        if (path is null)
        {
            return ManifestEncoder.ToBytes(SampleManifest.Create());
        }

        if (path.EndsWith(".avro", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
        {
            return File.ReadAllBytes(path);
        }

        return ManifestEncoder.ToBytes(ManifestJson.Read(File.ReadAllText(path)));
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
