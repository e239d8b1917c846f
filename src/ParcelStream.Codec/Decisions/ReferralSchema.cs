namespace ParcelStream.Codec.Decisions;

/// <summary>What the decision schema says about each <see cref="Referral"/>: its enum symbol and the outcome it goes with.</summary>
public static class ReferralSchema
{
    /// <summary>The number of referrals, NONE included (schema enum Referral).</summary>
    public const int Count = 7;

    private static readonly string[] s_symbols =
    [
        "NONE", "REQUEST_FOR_INFORMATION", "DOCUMENTARY_CHECK", "COMPLIANCE_REVIEW", "SCREENING", "PHYSICAL_EXAMINATION", "DO_NOT_LOAD",
    ];

    /// <summary>Gets a referral's schema symbol (enum Referral in customs-decision.avsc).</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>E.g. REQUEST_FOR_INFORMATION.</returns>
    public static string Symbol(Referral referral) => s_symbols[(int)referral];

    /// <summary>Gets the outcome a referral goes with: HOLD for information and documents, INSPECT for the other four, RELEASE for none.</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>The outcome.</returns>
    public static Outcome OutcomeOf(Referral referral) => referral switch
    {
        Referral.None => Outcome.Release,
        Referral.RequestForInformation or Referral.DocumentaryCheck => Outcome.Hold,
        _ => Outcome.Inspect,
    };
}
