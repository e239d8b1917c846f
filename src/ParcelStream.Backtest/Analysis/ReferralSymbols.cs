using ParcelStream.Codec.Decisions;

namespace ParcelStream.Backtest.Analysis;

/// <summary>The referrals (what kind of stop a decision is) as the reports name them, and the outcome each goes with.</summary>
public static class ReferralSymbols
{
    private static readonly string[] s_names =
    [
        "none", "request for information", "documentary check", "compliance review", "screening", "physical examination", "do not load",
    ];

    private static readonly string[] s_work =
    [
        "released",
        "the filer is asked for missing or invalid data (ICS2 request for information, 7+1 data set)",
        "licences, certificates or invoices are checked before release (ASYCUDA yellow)",
        "an officer reviews the parties (denied-party match): a review, not an X-ray",
        "X-ray (ICS2 request for screening)",
        "the parcel is opened (ASYCUDA red)",
        "imminent threat: the parcel must not be loaded (ICS2 do not load)",
    ];

    /// <summary>Gets the referrals that stop a parcel, least demanding first (schema order).</summary>
    public static IReadOnlyList<Referral> Stops { get; } =
    [
        Referral.RequestForInformation, Referral.DocumentaryCheck, Referral.ComplianceReview, Referral.Screening, Referral.PhysicalExamination, Referral.DoNotLoad,
    ];

    /// <summary>Gets a referral's name in plain words.</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>E.g. "request for information".</returns>
    public static string Name(Referral referral) => s_names[(int)referral];


    /// <summary>Gets what the desk does with a parcel of this referral.</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>One sentence for the reports.</returns>
    public static string Work(Referral referral) => s_work[(int)referral];
}
