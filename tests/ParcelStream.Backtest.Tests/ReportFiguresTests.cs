using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Replay;
using ParcelStream.Backtest.Reports;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules;

namespace ParcelStream.Backtest.Tests;

/// <summary>
/// The report's referrals, capacity split, duty and VAT and clean-parcel figures on the twelve parcels of
/// <see cref="HandComputedPack"/>, every expected figure worked out by hand in the comments.
/// </summary>
public sealed class ReportFiguresTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backtest-figures-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ReplayResult Replay(double randomRate, int threads, bool assessment = true)
    {
        string pack = HandComputedPack.WritePack(_dir);
        if (!assessment)
        {
            File.Delete(Path.Combine(pack, "assessment.yaml"));
        }

        string history = Path.Combine(_dir, "history.avro");
        HandComputedPack.WriteHistory(history);
        var options = new RuleEngineOptions { WatchForChanges = false, RandomSelectionRate = randomRate };
        return Replayer.Run(new ReplayOptions
        {
            InputPath = history,
            Packs = [new ReplayPack("hand", new RuleEngine(RulePack.Load(pack), options))],
            Threads = threads,
            Capacity = options.Capacity.Share,
            PlantedKinds = new PlantedKinds(HandComputedPack.Parcels.Select(p => new KeyValuePair<string, string>(p.Manifest.ManifestId, p.Kind))),
        });
    }

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public void Replay_OneRulePerReferral_ReferralsByTypeCountedByHand()
    {
        PackResult p = Replay(0, 1).Packs[0];

        // One parcel per kind of stop; M11 is the one release flagged for audit; every stop carries its outcome's kind.
        Assert.Equal([6L, 2, 4], OutcomeSymbols.All.Select(p.Count));
        Assert.All(ReferralSymbols.Stops, r => Assert.Equal(1, p.Referred(ReferralSchema.OutcomeOf(r), r)));
        Assert.Equal(1, p.Audit);
        Assert.Equal(6, p.Referred(Outcome.Release, Referral.None));
        Assert.Equal(0, p.WithoutReferral(Outcome.Hold) + p.WithoutReferral(Outcome.Inspect));
    }

    [Fact]
    public void MarkdownReport_ReferralsByType_OneParcelOfTwelveEach()
    {
        string md = MarkdownReport.Render(Replay(0, 1));

        // 1 of 12 parcels = 8.33 %.
        Assert.Contains("| request for information | HOLD | " + ReferralSymbols.Work(Referral.RequestForInformation) + " | 1 (8.33 %) |", Lines(md));
        Assert.Contains("| documentary check | HOLD | " + ReferralSymbols.Work(Referral.DocumentaryCheck) + " | 1 (8.33 %) |", Lines(md));
        Assert.Contains("| compliance review | INSPECT | " + ReferralSymbols.Work(Referral.ComplianceReview) + " | 1 (8.33 %) |", Lines(md));
        Assert.Contains("| screening | INSPECT | " + ReferralSymbols.Work(Referral.Screening) + " | 1 (8.33 %) |", Lines(md));
        Assert.Contains("| physical examination | INSPECT | " + ReferralSymbols.Work(Referral.PhysicalExamination) + " | 1 (8.33 %) |", Lines(md));
        Assert.Contains("| do not load | INSPECT | " + ReferralSymbols.Work(Referral.DoNotLoad) + " | 1 (8.33 %) |", Lines(md));
        Assert.Contains("| post-clearance audit | RELEASE | released now, audited afterwards (ASYCUDA blue) | 1 (8.33 %) |", Lines(md));
        Assert.Contains("hand: " + MarkdownReport.ReferralsComplete, Lines(md));
    }

    [Fact]
    public void MarkdownReport_CapacitySplit_ThreeForcedOneRankNoRandom()
    {
        ReplayResult result = Replay(0, 1);
        PackResult p = result.Packs[0];
        string md = MarkdownReport.Render(result);

        // INSPECT: M06, M07, M08 forced by rules, M12 ranked in (score 0.98 above the cut-off); 4 of 12 = 33.33 %, 33.33 times
        // the 1 % capacity, which allows floor(0.12) = 0 inspections of twelve parcels.
        Assert.Equal((3L, 0L, 1L, 0L), (p.ForcedInspections, p.RandomInspections, p.RankInspections, p.TopUps));
        Assert.Contains("Inspection capacity: 1.00 % of parcels, 0 inspections for this history.", Lines(md));
        Assert.Single(Lines(md), l => l.StartsWith("| hand | 4 | 33.33 % | 33.33 | 3 (25.00 %) | 0 (0.00 %) | 1 (8.33 %) | 0 | over by 4 |", StringComparison.Ordinal));
    }

    [Fact]
    public void MarkdownReport_CapacitySplit_EveryOtherParcelRandomAtRateOne()
    {
        ReplayResult result = Replay(1, 1);
        PackResult p = result.Packs[0];
        string md = MarkdownReport.Render(result);

        // Random selection at rate 1 inspects every parcel; the 3 forced and the 1 ranked were INSPECT already, so 12 - 4 = 8
        // are random alone (8 of 12 = 66.67 %).
        Assert.Equal((12L, 3L, 8L, 1L), (p.Count(Outcome.Inspect), p.ForcedInspections, p.RandomInspections, p.RankInspections));
        Assert.Single(Lines(md), l => l.StartsWith("| hand | 12 | 100.00 % | 100.00 | 3 (25.00 %) | 8 (66.67 %) | 1 (8.33 %) | 0 | over by 12 |", StringComparison.Ordinal));
    }

    [Fact]
    public void MarkdownReport_DutyAndVat_TotalsPerCurrencyComputedByHand()
    {
        string md = MarkdownReport.Render(Replay(0, 1));

        // EUR, 6 parcels (M01 M02 M03 M06 M08 M09), each owing duty: duty 3.00 + 6.00 + 7.20 + 3.00 + 3.00 + 3.00 = 25.20;
        // VAT 4.37 + 4.94 + 37.44 + 4.37 + 4.37 + 4.37 = 59.86, of which IOSS at sale (M01, M08) 8.74 and at import or
        // delivery 51.12. GBP: M04 and M10, VAT 20.00 each at sale, no duty. USD: M05 and M11, duty 8.00 each, no VAT.
        // AUD: M12, GST 50.00 at sale.
        Assert.Contains("| hand | EUR | 6 | 6 (100.00 %) | 6 (100.00 %) | 25.20 | 59.86 | 8.74 | 51.12 |", Lines(md));
        Assert.Contains("| hand | GBP | 2 | 2 (100.00 %) | 0 (0.00 %) | 0.00 | 40.00 | 40.00 | 0.00 |", Lines(md));
        Assert.Contains("| hand | USD | 2 | 2 (100.00 %) | 2 (100.00 %) | 16.00 | 0.00 | 0.00 | 0.00 |", Lines(md));
        Assert.Contains("| hand | AUD | 1 | 1 (100.00 %) | 0 (0.00 %) | 0.00 | 50.00 | 50.00 | 0.00 |", Lines(md));
        Assert.Contains("hand: 1 parcel not assessed (destination outside the EU, GB, US, CA and AU, or a currency without a rate).", Lines(md)); // M07 to JP
    }

    [Fact]
    public void MarkdownReport_DutyAndVat_RowsPerRegimeAndDeclarationComputedByHand()
    {
        string md = MarkdownReport.Render(Replay(0, 1));

        // Special arrangements: M02 (6.00 + 4.94), M06 and M09 (3.00 + 4.37 each) = duty 12.00, VAT 13.68.
        string[] expected =
        [
            "| hand | EU_IOSS | H7 | seller at sale | 2 | 2 | EUR 6.00 | EUR 8.74 |",
            "| hand | EU_SPECIAL_ARRANGEMENTS | H7 | carrier from the consignee | 3 | 3 | EUR 12.00 | EUR 13.68 |",
            "| hand | EU_STANDARD | H1 | declarant at import | 1 | 1 | EUR 7.20 | EUR 37.44 |",
            "| hand | GB_VAT_AT_SALE | GB_LOW_VALUE | seller at sale | 2 | 2 | GBP 0.00 | GBP 40.00 |",
            "| hand | US_INFORMAL_ENTRY | US_INFORMAL_ENTRY | no VAT | 2 | 2 | USD 16.00 | USD 0.00 |",
            "| hand | AU_GST_AT_SALE | AU_SELF_ASSESSED | seller at sale | 1 | 1 | AUD 0.00 | AUD 50.00 |",
        ];
        string[] lines = Lines(md);
        int first = Array.IndexOf(lines, expected[0]);
        Assert.True(first > 0, "the EU_IOSS row is missing");
        Assert.Equal(expected, lines[first..(first + expected.Length)]);
    }

    [Fact]
    public void MarkdownReport_PackWithoutAssessment_NoParcelAssessed()
    {
        ReplayResult result = Replay(0, 1, assessment: false);
        string md = MarkdownReport.Render(result);

        Assert.Empty(result.Packs[0].Assessments);
        Assert.Equal(12, result.Packs[0].NotAssessed);
        Assert.Contains("No parcel was assessed (a pack without an assessment section, or no destination it assesses).", Lines(md));
        Assert.DoesNotContain(Lines(md), l => l.StartsWith("| hand | EUR |", StringComparison.Ordinal));
    }

    [Fact]
    public void MarkdownReport_GroundTruth_CleanReleaseRateAndWhyCleanParcelsWereStopped()
    {
        ReplayResult result = Replay(0, 1);
        string md = MarkdownReport.Render(result);

        // Clean: M01-M05 (released) and M10 (held for documents): 5 of 6 released = 83.33 %. Planted: 6, stopped all but M11.
        Assert.Equal(5.0 / 6, result.Packs[0].CleanReleaseRate);
        Assert.Contains("Release rate of clean parcels: hand **83.33 %**.", Lines(md));
        Assert.Contains("| hand | 6 | 5 (83.33 %) | 1 (16.67 %) | 0 (0.00 %) | 6 | 5 (83.33 %) |", Lines(md));
        Assert.Contains("| RESTRICTED_GOODS | 1 |", Lines(md));
        Assert.Equal([("RESTRICTED_GOODS", 1L)], result.Packs[0].CleanStoppedCodes());
    }

    [Fact]
    public void Reports_OneVersusThreeThreads_SameFigures()
    {
        ReplayResult one = Replay(0, 1);
        ReplayResult three = Replay(0, 3);

        Assert.Equal(MarkdownReport.Render(one), MarkdownReport.Render(three));
        Assert.Equal(HtmlReport.Render(one), HtmlReport.Render(three));
    }

    [Fact]
    public void HtmlReport_NewSections_SameFiguresAsMarkdown()
    {
        string html = HtmlReport.Render(Replay(0, 1));

        foreach (string section in new[] { "Inspection rate against capacity", "Referrals by type", "Against the generator's ground truth", "Duty and VAT assessed" })
        {
            Assert.Contains("<h2>" + section + "</h2>", html, StringComparison.Ordinal);
        }

        Assert.Contains("<tr><td>hand</td><td>4</td><td>33.33 %</td><td>33.33</td><td>3 (25.00 %)</td><td>0 (0.00 %)</td><td>1 (8.33 %)</td><td>0</td><td>over by 4</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>hand</td><td class=\"l\">EU_SPECIAL_ARRANGEMENTS</td><td class=\"l\">H7</td><td class=\"l\">carrier from the consignee</td><td>3</td><td>3</td><td>EUR 12.00</td><td>EUR 13.68</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>do not load</td><td class=\"l\">INSPECT</td>", html, StringComparison.Ordinal);
        Assert.Contains("Release rate of clean parcels: hand <strong>83.33 %</strong>.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownReport_HoldWithoutReferral_Flagged()
    {
        PackResult p = Replay(0, 1).Packs[0];
        long[] referrals = [.. p.Referrals];
        referrals[((int)Outcome.Hold * ReferralSchema.Count) + (int)Referral.None] = 2; // as decisions written before referrals existed
        var changed = new PackResult(p.Name, p.Version, p.Directory, [6, 4, 4], [0, 0, 0], [0, 0, 0], p.Audit, p.Rules, p.Groups) { Referrals = referrals };

        string md = MarkdownReport.Render(new ReplayResult { Source = "x.avro", Packs = [changed] });

        Assert.Contains("hand: **2 HOLD and 0 INSPECT decisions carry no referral of their outcome's kind.**", Lines(md));
    }
}
