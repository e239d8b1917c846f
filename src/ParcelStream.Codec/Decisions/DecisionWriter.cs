using System.Buffers;

namespace ParcelStream.Codec.Decisions;

/// <summary>Writes a <see cref="CustomsDecision"/> as a parcelstream.v1.CustomsDecision datum, framed as asked.</summary>
public static class DecisionWriter
{
    private static readonly ulong s_fingerprint = SchemaRegistry.DecisionSchema.Fingerprint();

    /// <summary>Gets the CRC-64-AVRO fingerprint of the decision schema written.</summary>
    public static ulong Fingerprint => s_fingerprint;

    /// <summary>Writes one decision.</summary>
    /// <param name="output">Where the bytes go.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="framing">Framing; the worker mirrors the input's.</param>
    /// <param name="schemaId">Confluent schema id of the decision schema (Confluent framing only).</param>
    /// <returns>Bytes written.</returns>
    public static long Write(IBufferWriter<byte> output, CustomsDecision decision, MessageFraming framing = MessageFraming.Raw, int schemaId = SchemaRegistry.DefaultDecisionSchemaId)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var w = new AvroWriter(output);
        FrameHeader.Write(ref w, framing, schemaId, s_fingerprint);
        WriteDatum(ref w, decision);
        w.Flush();
        return w.BytesWritten;
    }

    /// <summary>Writes the datum (no frame).</summary>
    /// <param name="w">The writer.</param>
    /// <param name="decision">The decision.</param>
    public static void WriteDatum(ref AvroWriter w, CustomsDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        w.WriteString(decision.ManifestId);
        w.WriteString(decision.TrackingNumber);
        w.WriteEnum((int)decision.Outcome);
        w.WriteDouble(decision.RiskScore);
        if (decision.ReasonCount > 0)
        {
            w.WriteBlockStart(decision.ReasonCount);
            for (int i = 0; i < decision.ReasonCount; i++)
            {
                w.WriteString(decision.ReasonRuleId(i));
                w.WriteString(decision.ReasonCode(i));
                w.WriteString(decision.ReasonDetail(i));
            }
        }

        w.WriteBlockEnd();
        w.WriteString(decision.RulesetVersion);
        w.WriteLong(decision.DecidedAtMillis);
        if (decision.HasSource)
        {
            w.WriteUnionIndex(1);
            w.WriteString(decision.SourceTopic);
            w.WriteInt(decision.SourcePartition);
            w.WriteLong(decision.SourceOffset);
        }
        else
        {
            w.WriteUnionIndex(0);
        }

        w.WriteBoolean(decision.PostClearanceAudit);
        w.WriteEnum((int)decision.Kind);
        if (decision.RelatedCount > 0)
        {
            w.WriteBlockStart(decision.RelatedCount);
            for (int i = 0; i < decision.RelatedCount; i++)
            {
                w.WriteString(decision.Related(i));
            }
        }

        w.WriteBlockEnd();
        w.WriteUnionIndex(1);
        w.WriteEnum((int)decision.Referral);
        if (decision.HasAssessment)
        {
            w.WriteUnionIndex(1);
            w.WriteEnum((int)decision.FiscalRegime);
            w.WriteEnum((int)decision.DeclarationType);
            w.WriteString(decision.AssessmentCurrency);
            w.WriteLong(decision.DutyMinor);
            w.WriteString(decision.DutyBasis);
            w.WriteLong(decision.VatMinor);
            w.WriteDouble(decision.VatRatePercent);
            w.WriteEnum((int)decision.VatCollector);
            w.WriteString(decision.AssessmentThreshold);
            w.WriteString(decision.ThresholdPeriod);
            w.WriteDouble(decision.ExchangeRate);
            w.WriteString(decision.AssessmentNote);
        }
        else
        {
            w.WriteUnionIndex(0);
        }

        if (double.IsNaN(decision.Cutoff))
        {
            w.WriteUnionIndex(0);
        }
        else
        {
            w.WriteUnionIndex(1);
            w.WriteDouble(decision.Cutoff);
        }

        if (double.IsNaN(decision.ModelScore))
        {
            w.WriteUnionIndex(0);
        }
        else
        {
            w.WriteUnionIndex(1);
            w.WriteString(decision.ModelVersion);
            w.WriteDouble(decision.ModelScore);
        }
    }

    /// <summary>Checks that this writer and the embedded decision schema agree on field order (run by tests).</summary>
    /// <returns>The field names in schema order.</returns>
    internal static IEnumerable<string> SchemaFieldNames() => SchemaRegistry.DecisionSchema.Fields.Select(f => f.Name);
}
