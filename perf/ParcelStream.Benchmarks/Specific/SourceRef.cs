using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.SourceRef as avrogen generates it.</summary>
internal sealed class SourceRef : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Record(SpecificSchemas.Field(SpecificSchemas.Decision, "source"));

    public Schema Schema => SchemaInstance;

    public string topic { get; set; } = string.Empty;

    public int partition { get; set; }

    public long offset { get; set; }

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => topic,
        1 => partition,
        2 => offset,
        _ => throw new AvroRuntimeException("Bad index " + fieldPos + " in Get()"),
    };

    public void Put(int fieldPos, object fieldValue)
    {
        switch (fieldPos)
        {
            case 0:
                topic = (string)fieldValue;
                break;
            case 1:
                partition = (int)fieldValue;
                break;
            case 2:
                offset = (long)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
