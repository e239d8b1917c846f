namespace parcelstream.v1;

/// <summary>The schema enum Category as avrogen generates it (Apache.Avro maps symbols to members by name).</summary>
internal enum Category
{
    SALE_OF_GOODS,
    GIFT,
    DOCUMENTS,
    COMMERCIAL_SAMPLE,
    RETURNED_GOODS,
    OTHER,
}
