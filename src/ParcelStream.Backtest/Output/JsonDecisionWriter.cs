using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Output;

/// <summary>
/// Writes a decision as one JSON line with the decision schema's field names (manifestId, trackingNumber, outcome,
/// riskScore, reasons [ruleId, code, detail], rulesetVersion, postClearanceAudit, source, relatedManifestIds when
/// there are any, as with the stateful stages, modelScore and modelVersion when a learned model scored it, referral, and assessment or null), straight from its UTF-8
/// bytes into a pooled buffer. The bytes are those System.Text.Json's <see cref="Utf8JsonWriter"/> writes with default
/// options; the fixed parts are literals and a string is copied as it is unless it needs escaping (then, rarely, the
/// JSON writer escapes it), which makes a line several times cheaper than writing it property by property. One
/// instance per thread.
/// </summary>
internal sealed class JsonDecisionWriter : IDisposable
{
    private const int MaxNumberBytes = 32;

    private static readonly byte[][] s_referrals = Symbols(Enum.GetValues<Referral>().Select(ReferralSchema.Symbol));
    private static readonly byte[][] s_regimes = Symbols(Enum.GetValues<FiscalRegime>().Select(AssessmentSymbols.Regime));
    private static readonly byte[][] s_declarations = Symbols(Enum.GetValues<DeclarationType>().Select(AssessmentSymbols.Declaration));
    private static readonly byte[][] s_collectors = Symbols(Enum.GetValues<VatCollector>().Select(AssessmentSymbols.CollectorSymbol));

    // Only for strings that need escaping, so that they are escaped exactly as Utf8JsonWriter escapes them.
    private readonly Utf8JsonWriter _escaper = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });

    /// <summary>Appends the decision as a JSON object and a line feed.</summary>
    /// <param name="output">The buffer.</param>
    /// <param name="d">The decision.</param>
    /// <exception cref="ArgumentException">A text is not valid UTF-8, or the risk score (or a rate of the assessment) is not a finite number.</exception>
    public void WriteLine(PooledBufferWriter output, CustomsDecision d)
    {
        Raw(output, "{\"manifestId\":"u8);
        String(output, d.ManifestId);
        Raw(output, ",\"trackingNumber\":"u8);
        String(output, d.TrackingNumber);
        Raw(output, ",\"outcome\":\""u8);
        Raw(output, OutcomeSymbols.Utf8(d.Outcome));
        Raw(output, "\",\"riskScore\":"u8);
        Number(output, d.RiskScore);
        Raw(output, ",\"reasons\":["u8);
        for (int i = 0; i < d.ReasonCount; i++)
        {
            Raw(output, i == 0 ? "{\"ruleId\":"u8 : ",{\"ruleId\":"u8);
            String(output, d.ReasonRuleId(i));
            Raw(output, ",\"code\":"u8);
            String(output, d.ReasonCode(i));
            Raw(output, ",\"detail\":"u8);
            String(output, d.ReasonDetail(i));
            Raw(output, "}"u8);
        }

        Raw(output, "],\"rulesetVersion\":"u8);
        String(output, d.RulesetVersion);
        Raw(output, d.PostClearanceAudit ? ",\"postClearanceAudit\":true"u8 : ",\"postClearanceAudit\":false"u8);
        if (!d.HasSource)
        {
            Raw(output, ",\"source\":null"u8);
        }
        else
        {
            Raw(output, ",\"source\":{\"topic\":"u8);
            String(output, d.SourceTopic);
            Raw(output, ",\"partition\":"u8);
            Integer(output, d.SourcePartition);
            Raw(output, ",\"offset\":"u8);
            Integer(output, d.SourceOffset);
            Raw(output, "}"u8);
        }

        if (d.RelatedCount > 0)
        {
            // Only when there are any (the schema's default is empty), so stateless output is unchanged.
            Raw(output, ",\"relatedManifestIds\":["u8);
            for (int i = 0; i < d.RelatedCount; i++)
            {
                if (i > 0)
                {
                    Raw(output, ","u8);
                }

                String(output, d.Related(i));
            }

            Raw(output, "]"u8);
        }

        if (!double.IsNaN(d.ModelScore))
        {
            // Only when a learned model scored the manifest, so output without a model is unchanged.
            Raw(output, ",\"modelScore\":"u8);
            Number(output, d.ModelScore);
            Raw(output, ",\"modelVersion\":"u8);
            String(output, d.ModelVersion);
        }

        Raw(output, ",\"referral\":\""u8);
        Raw(output, s_referrals[(int)d.Referral]);
        Raw(output, "\""u8);
        if (!d.HasAssessment)
        {
            Raw(output, ",\"assessment\":null}\n"u8);
            return;
        }

        Raw(output, ",\"assessment\":{\"regime\":\""u8);
        Raw(output, s_regimes[(int)d.FiscalRegime]);
        Raw(output, "\",\"declarationType\":\""u8);
        Raw(output, s_declarations[(int)d.DeclarationType]);
        Raw(output, "\",\"currency\":"u8);
        String(output, d.AssessmentCurrency);
        Raw(output, ",\"dutyMinor\":"u8);
        Integer(output, d.DutyMinor);
        Raw(output, ",\"dutyBasis\":"u8);
        String(output, d.DutyBasis);
        Raw(output, ",\"vatMinor\":"u8);
        Integer(output, d.VatMinor);
        Raw(output, ",\"vatRatePercent\":"u8);
        Number(output, d.VatRatePercent);
        Raw(output, ",\"vatCollector\":\""u8);
        Raw(output, s_collectors[(int)d.VatCollector]);
        Raw(output, "\",\"threshold\":"u8);
        String(output, d.AssessmentThreshold);
        Raw(output, ",\"thresholdPeriod\":"u8);
        String(output, d.ThresholdPeriod);
        Raw(output, ",\"exchangeRate\":"u8);
        Number(output, d.ExchangeRate);
        Raw(output, ",\"note\":"u8);
        String(output, d.AssessmentNote);
        Raw(output, "}}\n"u8);
    }

    private static byte[][] Symbols(IEnumerable<string> symbols) => [.. symbols.Select(Encoding.UTF8.GetBytes)];

    /// <summary>Releases the escaping writer.</summary>
    public void Dispose() => _escaper.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Raw(PooledBufferWriter output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Integer(PooledBufferWriter output, long value)
    {
        _ = value.TryFormat(output.GetSpan(MaxNumberBytes), out int written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>The shortest text that reads back as the same double, as Utf8JsonWriter writes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Number(PooledBufferWriter output, double value)
    {
        if (!double.IsFinite(value))
        {
            ThrowNotFinite(value);
        }

        _ = value.TryFormat(output.GetSpan(MaxNumberBytes), out int written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(double value) =>
        throw new ArgumentException($"A number of {value.ToString(CultureInfo.InvariantCulture)} (risk score, VAT rate or exchange rate) cannot be written as JSON.", nameof(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void String(PooledBufferWriter output, ReadOnlySpan<byte> value)
    {
        if (JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(value) >= 0)
        {
            Escaped(output, value);
            return;
        }

        Span<byte> span = output.GetSpan(value.Length + 2);
        span[0] = (byte)'"';
        value.CopyTo(span[1..]);
        span[value.Length + 1] = (byte)'"';
        output.Advance(value.Length + 2);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Escaped(PooledBufferWriter output, ReadOnlySpan<byte> value)
    {
        _escaper.Reset(output);
        _escaper.WriteStringValue(value);
        _escaper.Flush();
    }
}
