using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.Item as avrogen generates it.</summary>
internal sealed class Item : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Record(SpecificSchemas.Field(SpecificSchemas.Manifest, "items"));

    public Schema Schema => SchemaInstance;

    public string description { get; set; } = string.Empty;

    public string hsCode { get; set; } = string.Empty;

    public int quantity { get; set; }

    public int netWeightGrams { get; set; }

    public long valueMinor { get; set; }

    public string originCountry { get; set; } = string.Empty;

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => description,
        1 => hsCode,
        2 => quantity,
        3 => netWeightGrams,
        4 => valueMinor,
        5 => originCountry,
        _ => throw new AvroRuntimeException("Bad index " + fieldPos + " in Get()"),
    };

    public void Put(int fieldPos, object fieldValue)
    {
        switch (fieldPos)
        {
            case 0:
                description = (string)fieldValue;
                break;
            case 1:
                hsCode = (string)fieldValue;
                break;
            case 2:
                quantity = (int)fieldValue;
                break;
            case 3:
                netWeightGrams = (int)fieldValue;
                break;
            case 4:
                valueMinor = (long)fieldValue;
                break;
            case 5:
                originCountry = (string)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
