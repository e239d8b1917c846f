using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.Transport as avrogen generates it.</summary>
internal sealed class Transport : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Record(SpecificSchemas.Field(SpecificSchemas.Manifest, "transport"));

    public Schema Schema => SchemaInstance;

    public TransportMode mode { get; set; }

    public string? carrierCode { get; set; }

    public string? flightOrVoyage { get; set; }

    public string? loadingPort { get; set; }

    public string? arrivalPort { get; set; }

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => mode,
        1 => carrierCode,
        2 => flightOrVoyage,
        3 => loadingPort,
        4 => arrivalPort,
        _ => throw new AvroRuntimeException("Bad index " + fieldPos + " in Get()"),
    };

    public void Put(int fieldPos, object fieldValue)
    {
        switch (fieldPos)
        {
            case 0:
                mode = (TransportMode)fieldValue;
                break;
            case 1:
                carrierCode = (string?)fieldValue;
                break;
            case 2:
                flightOrVoyage = (string?)fieldValue;
                break;
            case 3:
                loadingPort = (string?)fieldValue;
                break;
            case 4:
                arrivalPort = (string?)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
