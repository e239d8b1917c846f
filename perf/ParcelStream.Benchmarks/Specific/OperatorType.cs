namespace parcelstream.v1;

/// <summary>The schema enum OperatorType as avrogen generates it (Apache.Avro maps symbols to members by name).</summary>
internal enum OperatorType
{
    POSTAL,
    EXPRESS,
    COURIER,
}
