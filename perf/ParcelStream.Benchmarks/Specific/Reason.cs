using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.Reason as avrogen generates it.</summary>
internal sealed class Reason : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Record(SpecificSchemas.Field(SpecificSchemas.Decision, "reasons"));

    public Schema Schema => SchemaInstance;

    public string ruleId { get; set; } = string.Empty;

    public string code { get; set; } = string.Empty;

    public string detail { get; set; } = string.Empty;

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => ruleId,
        1 => code,
        2 => detail,
        _ => throw new AvroRuntimeException("Bad index " + fieldPos + " in Get()"),
    };

    public void Put(int fieldPos, object fieldValue)
    {
        switch (fieldPos)
        {
            case 0:
                ruleId = (string)fieldValue;
                break;
            case 1:
                code = (string)fieldValue;
                break;
            case 2:
                detail = (string)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
