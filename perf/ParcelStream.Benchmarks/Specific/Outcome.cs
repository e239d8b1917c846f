namespace parcelstream.v1;

/// <summary>The schema enum Outcome as avrogen generates it (Apache.Avro maps symbols to members by name).</summary>
internal enum Outcome
{
    RELEASE,
    HOLD,
    INSPECT,
}
