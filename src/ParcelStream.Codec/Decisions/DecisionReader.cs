namespace ParcelStream.Codec.Decisions;

/// <summary>
/// Reads a decision record written with this build's decision schema (id 5) or an earlier one (id 2, without referral
/// and assessment; id 4, without the inspection cut-off; any framing) back into a <see cref="CustomsDecision"/>, for
/// consumers, replay comparisons and tests. A datum that ends after relatedManifestIds is one of id 2, after the
/// assessment one of id 4: the later fields get their defaults (null). Never throws on bad input.
/// </summary>
public static class DecisionReader
{
    private const int OutcomeCount = 3;
    private const int KindCount = 2;
    private const int ReferralCount = 7;
    private const int RegimeCount = 18;
    private const int DeclarationCount = 13;
    private const int CollectorCount = 4;
    private static readonly ulong s_previousFingerprint = SchemaRegistry.PreviousDecisionSchema.Fingerprint();
    private static readonly ulong s_id4Fingerprint = SchemaRegistry.Id4DecisionSchema.Fingerprint();
    private static readonly ulong s_id5Fingerprint = SchemaRegistry.Id5DecisionSchema.Fingerprint();

    /// <summary>Reads one framed decision.</summary>
    /// <param name="message">The record value.</param>
    /// <param name="decision">Reset and filled.</param>
    /// <returns><see cref="AvroError.None"/>, or why the bytes are not a decision of this schema.</returns>
    public static AvroError Read(ReadOnlySpan<byte> message, CustomsDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        decision.Reset();
        AvroError frame = FrameHeader.TryRead(message, null, out MessageFraming framing, out int header, out _, out ulong fingerprint);
        if (frame.IsError)
        {
            return frame;
        }

        if (framing == MessageFraming.SingleObject && fingerprint != DecisionWriter.Fingerprint && fingerprint != s_previousFingerprint && fingerprint != s_id4Fingerprint && fingerprint != s_id5Fingerprint)
        {
            return new AvroError(AvroErrorCode.UnknownFingerprint, 2);
        }

        var r = new AvroReader(message.Slice(header), CodecLimits.Default.MaxStringBytes, header);
        if (!ReadDatum(ref r, decision))
        {
            return r.HasError ? r.Error : new AvroError(AvroErrorCode.Truncated, r.AbsolutePosition);
        }

        return r.Remaining == 0 ? default : new AvroError(AvroErrorCode.TrailingBytes, r.AbsolutePosition);
    }

    private static bool ReadDatum(ref AvroReader r, CustomsDecision d)
    {
        if (!r.TryReadString(out ReadOnlySpan<byte> manifestId) || !r.TryReadString(out ReadOnlySpan<byte> tracking)
            || !r.TryReadEnum(OutcomeCount, out int outcome) || !r.TryReadDouble(out double score))
        {
            return false;
        }

        d.SetManifest(manifestId, tracking);
        d.Outcome = (Outcome)outcome;
        d.RiskScore = score;
        if (!ReadBlocks(ref r, d, reasons: true) || !r.TryReadString(out ReadOnlySpan<byte> version) || !r.TryReadLong(out long decidedAt)
            || !r.TryReadUnionIndex(2, out int hasSource))
        {
            return false;
        }

        d.SetRulesetVersion(version);
        d.DecidedAtMillis = decidedAt;
        if (hasSource == 1)
        {
            if (!r.TryReadString(out ReadOnlySpan<byte> topic) || !r.TryReadInt(out int partition) || !r.TryReadLong(out long offset))
            {
                return false;
            }

            d.SetSource(topic, partition, offset);
        }

        if (!r.TryReadBoolean(out bool audit) || !r.TryReadEnum(KindCount, out int kind))
        {
            return false;
        }

        d.PostClearanceAudit = audit;
        d.Kind = (DecisionKind)kind;
        if (!ReadBlocks(ref r, d, reasons: false))
        {
            return false;
        }

        // The previous schema (id 2) ends here.
        return r.Remaining == 0 || ReadAdded(ref r, d);
    }

    private static bool ReadAdded(ref AvroReader r, CustomsDecision d)
    {
        if (!r.TryReadUnionIndex(2, out int hasReferral))
        {
            return false;
        }

        if (hasReferral == 1)
        {
            if (!r.TryReadEnum(ReferralCount, out int referral))
            {
                return false;
            }

            d.Referral = (Referral)referral;
        }

        if (!r.TryReadUnionIndex(2, out int hasAssessment))
        {
            return false;
        }

        if (hasAssessment == 1 && !ReadAssessment(ref r, d))
        {
            return false;
        }

        // Schema id 4 ends here, id 5 after the cut-off.
        return r.Remaining == 0 || (ReadCutoff(ref r, d) && (r.Remaining == 0 || ReadModel(ref r, d)));
    }

    private static bool ReadModel(ref AvroReader r, CustomsDecision d)
    {
        if (!r.TryReadUnionIndex(2, out int hasModel))
        {
            return false;
        }

        if (hasModel == 0)
        {
            return true;
        }

        if (!r.TryReadString(out ReadOnlySpan<byte> version) || !r.TryReadDouble(out double score))
        {
            return false;
        }

        d.SetModelVersion(version);
        d.ModelScore = score;
        return true;
    }

    private static bool ReadCutoff(ref AvroReader r, CustomsDecision d)
    {
        if (!r.TryReadUnionIndex(2, out int hasCutoff))
        {
            return false;
        }

        if (hasCutoff == 0)
        {
            return true;
        }

        if (!r.TryReadDouble(out double cutoff))
        {
            return false;
        }

        d.Cutoff = cutoff;
        return true;
    }

    private static bool ReadAssessment(ref AvroReader r, CustomsDecision d)
    {
        if (!r.TryReadEnum(RegimeCount, out int regime) || !r.TryReadEnum(DeclarationCount, out int declaration)
            || !r.TryReadString(out ReadOnlySpan<byte> currency) || !r.TryReadLong(out long duty) || !r.TryReadString(out ReadOnlySpan<byte> basis)
            || !r.TryReadLong(out long vat) || !r.TryReadDouble(out double vatRate) || !r.TryReadEnum(CollectorCount, out int collector)
            || !r.TryReadString(out ReadOnlySpan<byte> threshold) || !r.TryReadString(out ReadOnlySpan<byte> period)
            || !r.TryReadDouble(out double exchangeRate) || !r.TryReadString(out ReadOnlySpan<byte> note))
        {
            return false;
        }

        d.FiscalRegime = (FiscalRegime)regime;
        d.DeclarationType = (DeclarationType)declaration;
        d.DutyMinor = duty;
        d.VatMinor = vat;
        d.VatRatePercent = vatRate;
        d.VatCollector = (VatCollector)collector;
        d.ExchangeRate = exchangeRate;
        d.SetAssessment(currency, basis, threshold, period, note);
        return true;
    }

    private static bool ReadBlocks(ref AvroReader r, CustomsDecision d, bool reasons)
    {
        long total = 0;
        while (true)
        {
            if (!AvroBlocks.TryNext(ref r, ref total, CodecLimits.Default.MaxItems, out long count))
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            for (long i = 0; i < count; i++)
            {
                if (reasons)
                {
                    if (!r.TryReadString(out ReadOnlySpan<byte> ruleId) || !r.TryReadString(out ReadOnlySpan<byte> code) || !r.TryReadString(out ReadOnlySpan<byte> detail))
                    {
                        return false;
                    }

                    d.AddReason(ruleId, code, detail);
                }
                else
                {
                    if (!r.TryReadString(out ReadOnlySpan<byte> related))
                    {
                        return false;
                    }

                    d.AddRelated(related);
                }
            }
        }
    }
}
