using Avro;
using Avro.Specific;

namespace parcelstream.v1;

/// <summary>parcelstream.v1.ParcelManifest as avrogen generates it: properties named as the fields, Get and Put by position.</summary>
internal sealed class ParcelManifest : ISpecificRecord
{
    public static readonly Schema SchemaInstance = SpecificSchemas.Manifest;

    public Schema Schema => SchemaInstance;

    public string manifestId { get; set; } = string.Empty;

    public string trackingNumber { get; set; } = string.Empty;

    public string operatorCode { get; set; } = string.Empty;

    public OperatorType operatorType { get; set; }

    public DateTime createdAt { get; set; }

    public string? airWaybill { get; set; }

    public Transport transport { get; set; } = new();

    public string departureCountry { get; set; } = string.Empty;

    public string destinationCountry { get; set; } = string.Empty;

    public Party consignor { get; set; } = new();

    public Party consignee { get; set; } = new();

    public Category category { get; set; }

    public IList<Item> items { get; set; } = new List<Item>();

    public string currency { get; set; } = string.Empty;

    public long totalValueMinor { get; set; }

    public int grossWeightGrams { get; set; }

    public int pieces { get; set; }

    public string? iossNumber { get; set; }

    public string? marketplaceId { get; set; }

    public string? sellerId { get; set; }

    public object? Get(int fieldPos) => fieldPos switch
    {
        0 => manifestId,
        1 => trackingNumber,
        2 => operatorCode,
        3 => operatorType,
        4 => createdAt,
        5 => airWaybill,
        6 => transport,
        7 => departureCountry,
        8 => destinationCountry,
        9 => consignor,
        10 => consignee,
        11 => category,
        12 => items,
        13 => currency,
        14 => totalValueMinor,
        15 => grossWeightGrams,
        16 => pieces,
        17 => iossNumber,
        18 => marketplaceId,
        19 => sellerId,
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
                operatorCode = (string)fieldValue;
                break;
            case 3:
                operatorType = (OperatorType)fieldValue;
                break;
            case 4:
                createdAt = (DateTime)fieldValue;
                break;
            case 5:
                airWaybill = (string?)fieldValue;
                break;
            case 6:
                transport = (Transport)fieldValue;
                break;
            case 7:
                departureCountry = (string)fieldValue;
                break;
            case 8:
                destinationCountry = (string)fieldValue;
                break;
            case 9:
                consignor = (Party)fieldValue;
                break;
            case 10:
                consignee = (Party)fieldValue;
                break;
            case 11:
                category = (Category)fieldValue;
                break;
            case 12:
                items = (IList<Item>)fieldValue;
                break;
            case 13:
                currency = (string)fieldValue;
                break;
            case 14:
                totalValueMinor = (long)fieldValue;
                break;
            case 15:
                grossWeightGrams = (int)fieldValue;
                break;
            case 16:
                pieces = (int)fieldValue;
                break;
            case 17:
                iossNumber = (string?)fieldValue;
                break;
            case 18:
                marketplaceId = (string?)fieldValue;
                break;
            case 19:
                sellerId = (string?)fieldValue;
                break;
            default:
                throw new AvroRuntimeException("Bad index " + fieldPos + " in Put()");
        }
    }
}
