using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.CustomsDecision as avrogen generates it.</summary>
internal sealed class CustomsDecision : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Decision;

    public Schema Schema => SchemaInstance;

    public string manifestId { get; set; } = string.Empty;

    public string trackingNumber { get; set; } = string.Empty;

    public Outcome outcome { get; set; }

    public double riskScore { get; set; }

    public IList<Reason> reasons { get; set; } = new List<Reason>();

    public string rulesetVersion { get; set; } = string.Empty;

    public DateTime decidedAt { get; set; }

    public SourceRef? source { get; set; }

    public bool postClearanceAudit { get; set; }

    public DecisionKind kind { get; set; }

    public IList<string> relatedManifestIds { get; set; } = new List<string>();

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => manifestId,
        1 => trackingNumber,
        2 => outcome,
        3 => riskScore,
        4 => reasons,
        5 => rulesetVersion,
        6 => decidedAt,
        7 => source,
        8 => postClearanceAudit,
        9 => kind,
        10 => relatedManifestIds,
        _ => throw new AvroRuntimeException("Bad index " + fieldPos + " in Get()"),
    };

    public void Put(int fieldPos, object fieldValue)
    {
        switch (fieldPos)
        {
            case 0:
                manifestId = (string)fieldValue;
                break;
            case 1:
                trackingNumber = (string)fieldValue;
                break;
            case 2:
                outcome = (Outcome)fieldValue;
                break;
            case 3:
                riskScore = (double)fieldValue;
                break;
            case 4:
                reasons = (IList<Reason>)fieldValue;
                break;
            case 5:
                rulesetVersion = (string)fieldValue;
                break;
            case 6:
                decidedAt = (DateTime)fieldValue;
                break;
            case 7:
                source = (SourceRef?)fieldValue;
                break;
            case 8:
                postClearanceAudit = (bool)fieldValue;
                break;
            case 9:
                kind = (DecisionKind)fieldValue;
                break;
            case 10:
                relatedManifestIds = (IList<string>)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
