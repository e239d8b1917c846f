namespace parcelstream.v1;

/// <summary>The schema enum DecisionKind as avrogen generates it (Apache.Avro maps symbols to members by name).</summary>
internal enum DecisionKind
{
    INITIAL,
    AMENDMENT,
}
