using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>The referral types as the decision schema spells them (enum Referral, same order as <see cref="Referral"/>).</summary>
public static class ReferralSymbols
{
    /// <summary>Gets the schema symbol of a referral as UTF-8.</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>NONE, REQUEST_FOR_INFORMATION, DOCUMENTARY_CHECK, COMPLIANCE_REVIEW, SCREENING, PHYSICAL_EXAMINATION or DO_NOT_LOAD.</returns>
    public static ReadOnlySpan<byte> Utf8(Referral referral) => referral switch
    {
        Referral.RequestForInformation => "REQUEST_FOR_INFORMATION"u8,
        Referral.DocumentaryCheck => "DOCUMENTARY_CHECK"u8,
        Referral.ComplianceReview => "COMPLIANCE_REVIEW"u8,
        Referral.Screening => "SCREENING"u8,
        Referral.PhysicalExamination => "PHYSICAL_EXAMINATION"u8,
        Referral.DoNotLoad => "DO_NOT_LOAD"u8,
        _ => "NONE"u8,
    };
}
