using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

/// <summary>
/// The fiscal assessment of the default pack on worked examples (customs-domain.md section 3), every amount computed by
/// hand from the pack's rates in the comment next to it; and that revenue never stops a parcel.
/// </summary>
public sealed class FiscalAssessmentTests
{
    private static readonly long s_december2026 = At("2026-12-07T10:00:00Z");

    /// <summary>Case name to (manifest, regime, declaration, duty, duty basis, VAT, VAT collector, threshold).</summary>
    private static readonly Dictionary<string, (Func<ManifestRecord> Build, FiscalRegime Regime, DeclarationType Declaration, long Duty, string Basis, long Vat, VatCollector Collector, string Threshold)> s_examples = new()
    {
        // EUR 3 x 1 sub-heading = 3.00; VAT DE 19% of (20.00 + 3.00) = 4.37, paid at sale.
        ["EU IOSS EUR 20, 1 sub-heading"] = (() => Eu(ioss: true, ("610910", 2_000)), FiscalRegime.EuIoss, DeclarationType.H7, 300, "EUR 3 x 1 sub-heading", 437, VatCollector.SellerAtSale, "eu-flat-duty"),

        // Two T-shirt lines share 610910: 3 distinct sub-headings, EUR 9.00; VAT 19% of 29.00 = 5.51.
        ["EU IOSS EUR 20, 3 sub-headings"] = (() => Eu(ioss: true, ("610910", 400), ("61091000", 300), ("851830", 800), ("392690", 500)), FiscalRegime.EuIoss, DeclarationType.H7, 900, "EUR 3 x 3 sub-headings", 551, VatCollector.SellerAtSale, "eu-flat-duty"),

        // flatDutyScope: all, so the flat duty applies without IOSS too; VAT collected by the carrier (special arrangements).
        ["EU non-IOSS EUR 20, 1 sub-heading"] = (() => Eu(ioss: false, ("610910", 2_000)), FiscalRegime.EuSpecialArrangements, DeclarationType.H7, 300, "EUR 3 x 1 sub-heading", 437, VatCollector.CarrierFromConsignee, "eu-flat-duty"),
        ["EU non-IOSS EUR 20, 3 sub-headings"] = (() => Eu(ioss: false, ("610910", 400), ("610910", 300), ("851830", 800), ("392690", 500)), FiscalRegime.EuSpecialArrangements, DeclarationType.H7, 900, "EUR 3 x 3 sub-headings", 551, VatCollector.CarrierFromConsignee, "eu-flat-duty"),

        // Above EUR 150: H1; duty 12% (eu-duty-rates, chapter 61) of 180.00 = 21.60; VAT 19% of 201.60 = 38.304 -> 38.30.
        ["EU EUR 180"] = (() => Eu(ioss: false, ("610910", 18_000)), FiscalRegime.EuStandard, DeclarationType.H1, 2_160, "12% of EUR 180.00 (eu-duty-rates)", 3_830, VatCollector.DeclarantAtImport, "eu-h7-limit"),

        // Up to GBP 135: no duty, VAT 20% of 100.00 = 20.00 charged at sale.
        ["UK GBP 100"] = (() => Parcel("GB", "GBP", OperatorType.Express, Category.SaleOfGoods, "CN", ("610910", 10_000)), FiscalRegime.GbVatAtSale, DeclarationType.GbLowValue, 0, "no duty up to GBP 135", 2_000, VatCollector.SellerAtSale, "gb-low-value"),

        // Above GBP 135: duty 12% of 200.00 = 24.00; VAT 20% of 224.00 = 44.80.
        ["UK GBP 200"] = (() => Parcel("GB", "GBP", OperatorType.Express, Category.SaleOfGoods, "CN", ("610910", 20_000)), FiscalRegime.GbImport, DeclarationType.GbFull, 2_400, "12% of GBP 200.00 (gb-duty-rates)", 4_480, VatCollector.DeclarantAtImport, "gb-low-value"),

        // Bona fide gift up to USD 100: duty-free; the US has no import VAT.
        ["US gift USD 80"] = (() => Parcel("US", "USD", OperatorType.Courier, Category.Gift, "CN", ("610910", 8_000)), FiscalRegime.UsGift, DeclarationType.UsInformalEntry, 0, "bona fide gift up to USD 100", 0, VatCollector.None, "us-gift-relief"),

        // De minimis suspended (USD 0 since 2025-08-29): informal entry, duty 16.5% (us-duty-rates, chapter 61) of 80.00 = 13.20.
        ["US sale USD 80"] = (() => Parcel("US", "USD", OperatorType.Courier, Category.SaleOfGoods, "CN", ("610910", 8_000)), FiscalRegime.UsInformalEntry, DeclarationType.UsInformalEntry, 1_320, "16.5% of USD 80.00 (us-duty-rates)", 0, VatCollector.None, "us-informal-entry-limit"),

        // Courier, goods originating in the US (CUSMA): no duty up to CAD 150; above CAD 40 GST 5% of 100.00 = 5.00.
        ["CA courier CAD 100 from US"] = (() => Parcel("CA", "CAD", OperatorType.Courier, Category.SaleOfGoods, "US", ("610910", 10_000)), FiscalRegime.CaCourierCusma, DeclarationType.CaCourierLowValue, 0, "CUSMA origin, no duty up to CAD 150", 500, VatCollector.DeclarantAtImport, "ca-de-minimis-cusma"),

        // Courier from China: above CAD 20, duty 18% (ca-duty-rates) of 100.00 = 18.00; GST 5% of 118.00 = 5.90.
        ["CA courier CAD 100 from CN"] = (() => Parcel("CA", "CAD", OperatorType.Courier, Category.SaleOfGoods, "CN", ("610910", 10_000)), FiscalRegime.CaCourier, DeclarationType.CaCourierLowValue, 1_800, "18% of CAD 100.00 (ca-duty-rates)", 590, VatCollector.DeclarantAtImport, "ca-de-minimis"),

        // The origin decides, not the departure country: shipped from the US, made in China.
        ["CA courier CAD 100 departing US, origin CN"] = (() => Departing(Parcel("CA", "CAD", OperatorType.Courier, Category.SaleOfGoods, "CN", ("610910", 10_000)), "US"), FiscalRegime.CaCourier, DeclarationType.CaCourierLowValue, 1_800, "18% of CAD 100.00 (ca-duty-rates)", 590, VatCollector.DeclarantAtImport, "ca-de-minimis"),

        // Up to AUD 1,000: GST 10% of 500.00 = 50.00 collected at sale, no duty.
        ["AU AUD 500"] = (() => Parcel("AU", "AUD", OperatorType.Express, Category.SaleOfGoods, "CN", ("610910", 50_000)), FiscalRegime.AuGstAtSale, DeclarationType.AuSelfAssessed, 0, "no duty up to AUD 1000", 5_000, VatCollector.SellerAtSale, "au-low-value"),

        // A manifest in another currency: USD 116.00 at 1.16 USD per EUR is EUR 100.00, exchange rate 1/1.16.
        ["EU USD 116 non-IOSS"] = (() => Currency(Eu(ioss: false, ("610910", 11_600)), "USD"), FiscalRegime.EuSpecialArrangements, DeclarationType.H7, 300, "EUR 3 x 1 sub-heading", 1_957, VatCollector.CarrierFromConsignee, "eu-flat-duty"),
    };

    public static TheoryData<string> Examples => [.. s_examples.Keys];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Assess_WorkedExample_MatchesHandComputedDutyAndVat(string name)
    {
        var e = s_examples[name];

        CustomsDecision d = new RuleHarness().Evaluate(e.Build());

        Assert.True(d.HasAssessment, name);
        Assert.Equal((e.Regime, e.Declaration, e.Duty, e.Basis, e.Vat, e.Collector, e.Threshold), (d.FiscalRegime, d.DeclarationType, d.DutyMinor, Text(d.DutyBasis), d.VatMinor, d.VatCollector, Text(d.AssessmentThreshold)));
        Assert.Equal(Outcome.Release, d.Outcome);
    }

    [Fact]
    public void Assess_ManifestInUsd_RecordsTheExchangeRateAndCurrency()
    {
        CustomsDecision d = new RuleHarness().Evaluate(s_examples["EU USD 116 non-IOSS"].Build());

        Assert.Equal("EUR", Text(d.AssessmentCurrency));
        Assert.Equal(1 / 1.16, d.ExchangeRate, 12);
        Assert.Equal(19, d.VatRatePercent);
    }

    [Theory]
    [InlineData("2026-06-30T23:59:59.999Z", 0, "duty relief up to EUR 150", 380, "eu-duty-relief", "../2026-06-30")]
    [InlineData("2026-07-01T00:00:00.000Z", 300, "EUR 3 x 1 sub-heading", 437, "eu-flat-duty", "2026-07-01/2028-06-30")]
    public void Assess_EuAroundTheJuly2026Change_UsesTheRegimeOfTheDay(string createdAt, long duty, string basis, long vat, string threshold, string period)
    {
        ManifestRecord m = Eu(ioss: false, ("610910", 2_000));
        m.CreatedAtMillis = At(createdAt);

        CustomsDecision d = new RuleHarness().Evaluate(m);

        // VAT 19% of 20.00 = 3.80 under the relief, of 23.00 = 4.37 with the flat duty.
        Assert.Equal((FiscalRegime.EuSpecialArrangements, DeclarationType.H7, duty, basis, vat, threshold, period), (d.FiscalRegime, d.DeclarationType, d.DutyMinor, Text(d.DutyBasis), d.VatMinor, Text(d.AssessmentThreshold), Text(d.ThresholdPeriod)));
    }

    [Fact]
    public void Assess_FlatDutyScopeIoss_ChargesTheTariffWithoutIoss()
    {
        using TempPack pack = TempPack.CopyOfDefault();
        string file = Path.Combine(pack.Directory, "assessment.yaml");
        string yaml = File.ReadAllText(file);
        Assert.Contains("flatDutyScope: all", yaml, StringComparison.Ordinal);
        File.WriteAllText(file, yaml.Replace("flatDutyScope: all", "flatDutyScope: ioss", StringComparison.Ordinal));
        var harness = new RuleHarness(RulePack.Load(pack.Directory));

        CustomsDecision withoutIoss = harness.Evaluate(Eu(ioss: false, ("610910", 2_000)));
        (long duty, long vat, string basis) = (withoutIoss.DutyMinor, withoutIoss.VatMinor, Text(withoutIoss.DutyBasis));
        CustomsDecision withIoss = harness.Evaluate(Eu(ioss: true, ("610910", 2_000)));

        // 12% of 20.00 = 2.40; VAT 19% of 22.40 = 4.256 -> 4.26. With IOSS the flat EUR 3 still applies.
        Assert.Equal((240L, 426L, "12% of EUR 20.00 (eu-duty-rates)"), (duty, vat, basis));
        Assert.Equal(300, withIoss.DutyMinor);
    }

    [Theory]
    [InlineData("IM276000001", "IOSS number is not IM + 10 digits: not applied, VAT due at import", "IOSS_INVALID", 20_00, FiscalRegime.EuSpecialArrangements)]
    [InlineData("IM2760000011", "IOSS number on a consignment above the IOSS limit: not applied, VAT due at import", "IOSS_OVER_THRESHOLD", 150_01, FiscalRegime.EuStandard)]
    public void Evaluate_IossNotApplicable_ChangesTheAssessmentAndIsReportedButNotStopped(string ioss, string note, string code, long value, FiscalRegime regime)
    {
        ManifestRecord m = Eu(ioss: true, ("392690", value));
        m.IossNumber = ioss;

        CustomsDecision d = new RuleHarness(RuleHarness.DefaultPack, new RuleEngineOptions { RandomSelectionRate = 0, EscalationHits = 1 }).Evaluate(m);

        Assert.Equal((Outcome.Release, Referral.None, false), (d.Outcome, d.Referral, d.PostClearanceAudit));
        Assert.Equal(1 / (1 + Math.Exp(4.0)), d.RiskScore, 12);
        Assert.Equal([$"{code}:{(code == "IOSS_INVALID" ? "ioss-number-malformed" : "ioss-over-limit")}"], RuleHarness.Reasons(d));
        Assert.Equal((regime, note), (d.FiscalRegime, Text(d.AssessmentNote)));
        Assert.NotEqual(VatCollector.SellerAtSale, d.VatCollector);
    }

    /// <summary>The parcels the de-minimis-* rules held (weight 4.5, score 0.62) owe duty or VAT; that is revenue, not risk.</summary>
    [Theory]
    [InlineData("DE", "EUR", 4_797, FiscalRegime.EuSpecialArrangements)]
    [InlineData("DE", "EUR", 20_000, FiscalRegime.EuStandard)]
    [InlineData("US", "USD", 4_797, FiscalRegime.UsPostal)]
    [InlineData("GB", "GBP", 13_501, FiscalRegime.GbImport)]
    [InlineData("CA", "CAD", 2_001, FiscalRegime.CaPostal)]
    [InlineData("AU", "AUD", 100_001, FiscalRegime.AuImport)]
    public void Evaluate_ParcelOwingDutyWithoutTaxId_ReleasedWithAnAssessment(string destination, string currency, long total, FiscalRegime regime)
    {
        // A sale by post without IOSS and without the consignee's tax id (a consumer has none: customs-domain.md section 2).
        ManifestRecord m = Parcel(destination, currency, OperatorType.Postal, Category.SaleOfGoods, "CN", ("392690", total));
        m.Consignee.TaxId = null;

        CustomsDecision d = new RuleHarness().Evaluate(m);

        Assert.Equal((Outcome.Release, Referral.None), (d.Outcome, d.Referral));
        Assert.Empty(RuleHarness.Reasons(d));
        Assert.Equal(regime, d.FiscalRegime);
        Assert.True(d.DutyMinor > 0 || d.VatMinor > 0, $"{destination} {total}: nothing assessed");
    }

    [Fact]
    public void Evaluate_DestinationWithoutARegime_HasNoAssessment()
    {
        ManifestRecord m = Parcel("CH", "CHF", OperatorType.Postal, Category.SaleOfGoods, "CN", ("610910", 10_000));

        CustomsDecision d = new RuleHarness().Evaluate(m);

        Assert.False(d.HasAssessment);
        Assert.Equal(FiscalRegime.NotAssessed, d.FiscalRegime);
    }

    [Fact]
    public void Evaluate_AssessmentOfEveryZoneAfterWarmUp_AllocatesNothing()
    {
        var harness = new RuleHarness();
        foreach (string name in s_examples.Keys)
        {
            harness.Load(s_examples[name].Build());
            harness.Decision.Reset();
            harness.Engine.Evaluate(harness.View, harness.Decision);
            Assert.True(harness.Decision.HasAssessment, name);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                harness.Decision.Reset();
                harness.Engine.Evaluate(harness.View, harness.Decision);
            }

            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before == 0, $"{name} allocates");
        }
    }

    [Theory]
    [InlineData("flatDutyScope: all", "flatDutyScope: maybe", "assessment.yaml:9: assessment: 'flatDutyScope: maybe' is unknown or not valid")]
    [InlineData("cusmaOrigins: \"@cusma-partners\"", "cusmaOrigins: \"@cusma-partner\"", "assessment.yaml:16: assessment: cusmaOrigins must name a countries list (\"@name\") (did you mean 'cusma-partners'?)")]
    [InlineData("    EU: { table: eu-duty-rates, default: 4 }", "    EU: { table: eu-duty-rate, default: 4 }", "assessment.yaml:52: assessment: dutyRates.EU: 'eu-duty-rate' is not a table with a column 'percent' (did you mean 'eu-duty-rates'?)")]
    [InlineData("  eu-flat-duty:", "  eu-flat-duty-x:", "assessment.yaml:5: assessment needs the threshold 'eu-flat-duty' with a currency")]
    [InlineData("    DE: [{ value: 19 }]", "    DE: [{ value: 119 }]", "assessment.yaml:29: assessment: vatRates.DE: a rate is a percent in 0..100")]
    public void Load_BadAssessment_ReportsFileAndLine(string replace, string with, string expected)
    {
        using TempPack pack = TempPack.CopyOfDefault();
        string file = Path.Combine(pack.Directory, "assessment.yaml");
        string yaml = File.ReadAllText(file);
        Assert.Contains(replace, yaml, StringComparison.Ordinal);
        File.WriteAllText(file, yaml.Replace(replace, with, StringComparison.Ordinal));

        RulePackException e = Assert.Throws<RulePackException>(() => RulePack.Load(pack.Directory));

        Assert.StartsWith(Path.Combine(pack.Directory, expected), Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
    }

    private static ManifestRecord Eu(bool ioss, params (string Hs, long Value)[] lines)
    {
        ManifestRecord m = Parcel("DE", "EUR", OperatorType.Postal, Category.SaleOfGoods, "CN", lines);
        m.IossNumber = ioss ? "IM2760000011" : null;
        return m;
    }

    private static ManifestRecord Parcel(string destination, string currency, OperatorType operatorType, Category category, string origin, params (string Hs, long Value)[] lines)
    {
        ManifestRecord m = TestManifests.Clean();
        (m.DestinationCountry, m.Consignee.CountryCode, m.Currency, m.OperatorType, m.Category, m.CreatedAtMillis) = (destination, destination, currency, operatorType, category, s_december2026);
        (m.IossNumber, m.MarketplaceId, m.SellerId) = (null, null, null);
        m.Items.Clear();
        foreach ((string hs, long value) in lines)
        {
            m.Items.Add(new ItemRecord { Description = "Cotton T-shirt", HsCode = hs, Quantity = 1, NetWeightGrams = 150, ValueMinor = value, OriginCountry = origin });
        }

        m.TotalValueMinor = lines.Sum(l => l.Value);
        return m;
    }

    private static ManifestRecord Departing(ManifestRecord m, string country)
    {
        (m.DepartureCountry, m.Consignor.CountryCode) = (country, country);
        return m;
    }

    private static ManifestRecord Currency(ManifestRecord m, string currency)
    {
        m.Currency = currency;
        return m;
    }

    private static long At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
