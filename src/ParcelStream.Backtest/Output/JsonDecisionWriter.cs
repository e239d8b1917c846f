using System.Text.Json;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Output;

/// <summary>
/// Writes a decision as one JSON object with the decision schema's field names (manifestId, trackingNumber, outcome,
/// riskScore, reasons [ruleId, code, detail], rulesetVersion, postClearanceAudit, source), straight from its UTF-8 bytes.
/// </summary>
internal static class JsonDecisionWriter
{
    private static readonly JsonEncodedText s_manifestId = JsonEncodedText.Encode("manifestId"u8);
    private static readonly JsonEncodedText s_trackingNumber = JsonEncodedText.Encode("trackingNumber"u8);
    private static readonly JsonEncodedText s_outcome = JsonEncodedText.Encode("outcome"u8);
    private static readonly JsonEncodedText s_riskScore = JsonEncodedText.Encode("riskScore"u8);
    private static readonly JsonEncodedText s_reasons = JsonEncodedText.Encode("reasons"u8);
    private static readonly JsonEncodedText s_ruleId = JsonEncodedText.Encode("ruleId"u8);
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("code"u8);
    private static readonly JsonEncodedText s_detail = JsonEncodedText.Encode("detail"u8);
    private static readonly JsonEncodedText s_rulesetVersion = JsonEncodedText.Encode("rulesetVersion"u8);
    private static readonly JsonEncodedText s_postClearanceAudit = JsonEncodedText.Encode("postClearanceAudit"u8);
    private static readonly JsonEncodedText s_source = JsonEncodedText.Encode("source"u8);
    private static readonly JsonEncodedText s_topic = JsonEncodedText.Encode("topic"u8);
    private static readonly JsonEncodedText s_partition = JsonEncodedText.Encode("partition"u8);
    private static readonly JsonEncodedText s_offset = JsonEncodedText.Encode("offset"u8);

    /// <summary>Writes the decision as a JSON object (no line break).</summary>
    /// <param name="w">The writer, at the start of a value.</param>
    /// <param name="d">The decision.</param>
    public static void Write(Utf8JsonWriter w, CustomsDecision d)
    {
        w.WriteStartObject();
        w.WriteString(s_manifestId, d.ManifestId);
        w.WriteString(s_trackingNumber, d.TrackingNumber);
        w.WriteString(s_outcome, OutcomeSymbols.Utf8(d.Outcome));
        w.WriteNumber(s_riskScore, d.RiskScore);
        w.WriteStartArray(s_reasons);
        for (int i = 0; i < d.ReasonCount; i++)
        {
            w.WriteStartObject();
            w.WriteString(s_ruleId, d.ReasonRuleId(i));
            w.WriteString(s_code, d.ReasonCode(i));
            w.WriteString(s_detail, d.ReasonDetail(i));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString(s_rulesetVersion, d.RulesetVersion);
        w.WriteBoolean(s_postClearanceAudit, d.PostClearanceAudit);
        if (d.HasSource)
        {
            w.WriteStartObject(s_source);
            w.WriteString(s_topic, d.SourceTopic);
            w.WriteNumber(s_partition, d.SourcePartition);
            w.WriteNumber(s_offset, d.SourceOffset);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull(s_source);
        }

        w.WriteEndObject();
    }
}
