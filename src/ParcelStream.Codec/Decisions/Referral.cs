namespace ParcelStream.Codec.Decisions;

/// <summary>
/// What kind of stop a decision is, so downstream can route it to the right desk (schema enum Referral, same order).
/// HOLD carries <see cref="RequestForInformation"/> or <see cref="DocumentaryCheck"/>; INSPECT one of the later four;
/// RELEASE <see cref="None"/>. Later values are the more demanding (customs-domain.md sections 1 and 2).
/// </summary>
public enum Referral : byte
{
    /// <summary>No stop (a release; see <see cref="CustomsDecision.PostClearanceAudit"/> for the blue lane).</summary>
    None,

    /// <summary>Data missing or invalid: ask the filer (ICS2 request for information, 7+1 data set).</summary>
    RequestForInformation,

    /// <summary>Documents checked before release (ASYCUDA yellow): licences, certificates, invoices.</summary>
    DocumentaryCheck,

    /// <summary>A compliance officer reviews the parties (denied-party match): a review, not an X-ray.</summary>
    ComplianceReview,

    /// <summary>Screening (X-ray; ICS2 request for screening).</summary>
    Screening,

    /// <summary>Physical examination: opening the parcel (ASYCUDA red).</summary>
    PhysicalExamination,

    /// <summary>Do not load: an imminent threat found before loading (ICS2 DNL).</summary>
    DoNotLoad,
}
