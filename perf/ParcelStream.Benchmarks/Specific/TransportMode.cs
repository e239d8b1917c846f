namespace parcelstream.v1;

/// <summary>The schema enum TransportMode as avrogen generates it (Apache.Avro maps symbols to members by name).</summary>
internal enum TransportMode
{
    AIR,
    ROAD,
    RAIL,
    SEA,
}
