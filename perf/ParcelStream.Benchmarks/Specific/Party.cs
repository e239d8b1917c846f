using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.Party as avrogen generates it.</summary>
internal sealed class Party : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Record(SpecificSchemas.Field(SpecificSchemas.Manifest, "consignor"));

    public Schema Schema => SchemaInstance;

    public string name { get; set; } = string.Empty;

    public string addressLine1 { get; set; } = string.Empty;

    public string? addressLine2 { get; set; }

    public string city { get; set; } = string.Empty;

    public string? postalCode { get; set; }

    public string countryCode { get; set; } = string.Empty;

    public string? taxId { get; set; }

    public string? email { get; set; }

    public string? phone { get; set; }

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => name,
        1 => addressLine1,
        2 => addressLine2,
        3 => city,
        4 => postalCode,
        5 => countryCode,
        6 => taxId,
        7 => email,
        8 => phone,
        _ => throw new AvroRuntimeException("Bad index " + fieldPos + " in Get()"),
    };

    public void Put(int fieldPos, object fieldValue)
    {
        switch (fieldPos)
        {
            case 0:
                name = (string)fieldValue;
                break;
            case 1:
                addressLine1 = (string)fieldValue;
                break;
            case 2:
                addressLine2 = (string?)fieldValue;
                break;
            case 3:
                city = (string)fieldValue;
                break;
            case 4:
                postalCode = (string?)fieldValue;
                break;
            case 5:
                countryCode = (string)fieldValue;
                break;
            case 6:
                taxId = (string?)fieldValue;
                break;
            case 7:
                email = (string?)fieldValue;
                break;
            case 8:
                phone = (string?)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
