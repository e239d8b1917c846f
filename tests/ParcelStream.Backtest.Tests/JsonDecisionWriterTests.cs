using System.Text;
using System.Text.Json;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Tests;

/// <summary>The JSON Lines decision writer against System.Text.Json's Utf8JsonWriter writing the same fields.</summary>
public sealed class JsonDecisionWriterTests
{
    public static TheoryData<string, double> Texts => new()
    {
        { "MF-171560-0000000002", 0.01798620996209156 },
        { string.Empty, 0 },
        { "quote \" backslash \\ slash /", 1 },
        { "apostrophe ' plus + <tag> & amp `tick`", 0.1 + 0.2 },
        { "Łódź 北京 Ünïcödé", 1e-7 },
        { "emoji \U0001F4E6 parcel", 5e-324 },
        { "controls \t \n \r \u0001 \u001f \u007f", double.MaxValue },
        { "trailing space ", -0.0 },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void WriteLine_AnyTextAndScore_SameBytesAsUtf8JsonWriter(string text, double score)
    {
        CustomsDecision d = Decision(text, score, withSource: true);

        Assert.Equal(Oracle(d), Written(d));
    }

    [Fact]
    public void WriteLine_NoSourceNoReasons_SameBytesAsUtf8JsonWriter()
    {
        CustomsDecision d = Decision("plain", 0.5, withSource: false, reasons: 0);

        Assert.Equal(Oracle(d), Written(d));
    }

    [Fact]
    public void WriteLine_ManyRandomScores_SameNumbersAsUtf8JsonWriterAndReadBackExactly()
    {
        var random = new Random(17);
        for (int i = 0; i < 20_000; i++)
        {
            // Both uniform scores and scores spread over many magnitudes (exponent notation included).
            double score = i % 2 == 0 ? random.NextDouble() : random.NextDouble() * Math.Pow(10, random.Next(-30, 30));
            CustomsDecision d = Decision("m", score, withSource: true, reasons: 0);
            byte[] line = Written(d);

            Assert.Equal(Oracle(d), line);
            using JsonDocument parsed = JsonDocument.Parse(line);
            Assert.Equal(score, parsed.RootElement.GetProperty("riskScore").GetDouble());
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void WriteLine_ReferralAndAssessment_SameBytesAsUtf8JsonWriter(string text, double score)
    {
        CustomsDecision d = Decision(text, score, withSource: true);
        d.Referral = Referral.DocumentaryCheck;
        d.FiscalRegime = FiscalRegime.EuSpecialArrangements;
        d.DeclarationType = DeclarationType.H7;
        d.DutyMinor = 600;
        d.VatMinor = 494;
        d.VatRatePercent = 19;
        d.VatCollector = VatCollector.CarrierFromConsignee;
        d.ExchangeRate = 1 / 1.16;
        d.SetAssessment("EUR"u8, "EUR 3 x 2 sub-headings"u8, "eu-flat-duty"u8, "2026-07-01/2028-06-30"u8, Encoding.UTF8.GetBytes(text));

        byte[] line = Written(d);

        Assert.Equal(Oracle(d), line);
        using JsonDocument parsed = JsonDocument.Parse(line);
        Assert.Equal("DOCUMENTARY_CHECK", parsed.RootElement.GetProperty("referral").GetString());
        Assert.Equal(494, parsed.RootElement.GetProperty("assessment").GetProperty("vatMinor").GetInt64());
        Assert.Equal(text, parsed.RootElement.GetProperty("assessment").GetProperty("note").GetString());
    }

    [Fact]
    public void WriteLine_NotFiniteScore_Throws()
    {
        CustomsDecision d = Decision("m", double.NaN, withSource: true);
        using var writer = new JsonDecisionWriter();
        using var output = new PooledBufferWriter(64);

        Assert.Throws<ArgumentException>(() => writer.WriteLine(output, d));
    }

    [Fact]
    public void WriteLine_SeveralDecisions_OneParsableLineEach()
    {
        using var writer = new JsonDecisionWriter();
        using var output = new PooledBufferWriter(16);
        foreach ((string text, double score) in Texts.Select(t => ((string)t[0], (double)t[1])))
        {
            writer.WriteLine(output, Decision(text, score, withSource: true));
        }

        string[] lines = Encoding.UTF8.GetString(output.WrittenSpan).Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal(Texts.Count, lines.Length - 1);
        foreach ((string line, string text) in lines[..^1].Zip(Texts.Select(t => (string)t[0])))
        {
            using JsonDocument parsed = JsonDocument.Parse(line);
            Assert.Equal(text, parsed.RootElement.GetProperty("manifestId").GetString());
            Assert.Equal(text, parsed.RootElement.GetProperty("reasons")[1].GetProperty("detail").GetString());
        }
    }

    private static CustomsDecision Decision(string text, double score, bool withSource, int reasons = 2)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var d = new CustomsDecision();
        d.Reset();
        d.SetManifest(utf8, "TRK-1"u8);
        d.Outcome = Outcome.Hold;
        d.RiskScore = score;
        d.PostClearanceAudit = reasons % 2 == 0;
        d.SetRulesetVersion("2026.11.1"u8);
        for (int i = 0; i < reasons; i++)
        {
            d.AddReason(Encoding.UTF8.GetBytes($"rule-{i}"), "CODE"u8, utf8);
        }

        if (withSource)
        {
            d.SetSource(utf8, 3, 123_456_789_012);
        }

        return d;
    }

    private static byte[] Written(CustomsDecision d)
    {
        using var writer = new JsonDecisionWriter();
        using var output = new PooledBufferWriter(16);
        writer.WriteLine(output, d);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The same fields written property by property with Utf8JsonWriter's default options, then a line feed.</summary>
    private static byte[] Oracle(CustomsDecision d)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("manifestId", d.ManifestId);
            w.WriteString("trackingNumber", d.TrackingNumber);
            w.WriteString("outcome", OutcomeSymbols.Utf8(d.Outcome));
            w.WriteNumber("riskScore", d.RiskScore);
            w.WriteStartArray("reasons");
            for (int i = 0; i < d.ReasonCount; i++)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.ReasonRuleId(i));
                w.WriteString("code", d.ReasonCode(i));
                w.WriteString("detail", d.ReasonDetail(i));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("rulesetVersion", d.RulesetVersion);
            w.WriteBoolean("postClearanceAudit", d.PostClearanceAudit);
            if (d.HasSource)
            {
                w.WriteStartObject("source");
                w.WriteString("topic", d.SourceTopic);
                w.WriteNumber("partition", d.SourcePartition);
                w.WriteNumber("offset", d.SourceOffset);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("source");
            }

            w.WriteString("referral", ReferralSchema.Symbol(d.Referral));
            if (d.HasAssessment)
            {
                w.WriteStartObject("assessment");
                w.WriteString("regime", AssessmentSymbols.Regime(d.FiscalRegime));
                w.WriteString("declarationType", AssessmentSymbols.Declaration(d.DeclarationType));
                w.WriteString("currency", d.AssessmentCurrency);
                w.WriteNumber("dutyMinor", d.DutyMinor);
                w.WriteString("dutyBasis", d.DutyBasis);
                w.WriteNumber("vatMinor", d.VatMinor);
                w.WriteNumber("vatRatePercent", d.VatRatePercent);
                w.WriteString("vatCollector", AssessmentSymbols.CollectorSymbol(d.VatCollector));
                w.WriteString("threshold", d.AssessmentThreshold);
                w.WriteString("thresholdPeriod", d.ThresholdPeriod);
                w.WriteNumber("exchangeRate", d.ExchangeRate);
                w.WriteString("note", d.AssessmentNote);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("assessment");
            }

            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
