using System.Text;
using ParcelStream.Codec.Decisions;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>A decision's content as plain values: applied to a <see cref="CustomsDecision"/> and turned into the expected value tree.</summary>
internal sealed record DecisionSpec(
    string ManifestId,
    string TrackingNumber,
    Outcome Outcome,
    double RiskScore,
    IReadOnlyList<(string RuleId, string Code, string Detail)> Reasons,
    string RulesetVersion,
    long DecidedAtMillis,
    (string Topic, int Partition, long Offset)? Source,
    bool PostClearanceAudit,
    DecisionKind Kind,
    IReadOnlyList<string> Related,
    Referral Referral = Referral.None,
    AssessmentSpec? Assessment = null,
    double? Cutoff = null,
    (string Version, double Score)? Model = null)
{
    public static readonly string[] OutcomeSymbols = ["RELEASE", "HOLD", "INSPECT"];
    public static readonly string[] KindSymbols = ["INITIAL", "AMENDMENT"];
    public static readonly string[] ReferralSymbols = ["NONE", "REQUEST_FOR_INFORMATION", "DOCUMENTARY_CHECK", "COMPLIANCE_REVIEW", "SCREENING", "PHYSICAL_EXAMINATION", "DO_NOT_LOAD"];

    public void ApplyTo(CustomsDecision d)
    {
        d.Reset();
        d.SetManifest(Encoding.UTF8.GetBytes(ManifestId), Encoding.UTF8.GetBytes(TrackingNumber));
        d.Outcome = Outcome;
        d.RiskScore = RiskScore;
        foreach ((string ruleId, string code, string detail) in Reasons)
        {
            d.AddReason(Encoding.UTF8.GetBytes(ruleId), Encoding.UTF8.GetBytes(code), Encoding.UTF8.GetBytes(detail));
        }

        d.SetRulesetVersion(Encoding.UTF8.GetBytes(RulesetVersion));
        d.DecidedAtMillis = DecidedAtMillis;
        if (Source is { } s)
        {
            d.SetSource(Encoding.UTF8.GetBytes(s.Topic), s.Partition, s.Offset);
        }

        d.PostClearanceAudit = PostClearanceAudit;
        d.Kind = Kind;
        foreach (string related in Related)
        {
            d.AddRelated(Encoding.UTF8.GetBytes(related));
        }

        d.Referral = Referral;
        Assessment?.ApplyTo(d);
        d.Cutoff = Cutoff ?? double.NaN;
        if (Model is { } m)
        {
            d.SetModelVersion(Encoding.UTF8.GetBytes(m.Version));
            d.ModelScore = m.Score;
        }
    }

    public Dictionary<string, object?> ToTree() => new()
    {
        ["manifestId"] = ManifestId,
        ["trackingNumber"] = TrackingNumber,
        ["outcome"] = new EnumSymbol(OutcomeSymbols[(int)Outcome]),
        ["riskScore"] = RiskScore,
        ["reasons"] = Reasons.Select(object? (r) => new Dictionary<string, object?> { ["ruleId"] = r.RuleId, ["code"] = r.Code, ["detail"] = r.Detail }).ToList(),
        ["rulesetVersion"] = RulesetVersion,
        ["decidedAt"] = DecidedAtMillis,
        ["source"] = Source is { } s ? new Dictionary<string, object?> { ["topic"] = s.Topic, ["partition"] = s.Partition, ["offset"] = s.Offset } : null,
        ["postClearanceAudit"] = PostClearanceAudit,
        ["kind"] = new EnumSymbol(KindSymbols[(int)Kind]),
        ["relatedManifestIds"] = Related.Select(object? (r) => r).ToList(),
        ["referral"] = new EnumSymbol(ReferralSymbols[(int)Referral]),
        ["assessment"] = Assessment?.ToTree(),
        ["inspectionCutoff"] = Cutoff,
        ["model"] = Model is { } m ? new Dictionary<string, object?> { ["version"] = m.Version, ["score"] = m.Score } : null,
    };
}
