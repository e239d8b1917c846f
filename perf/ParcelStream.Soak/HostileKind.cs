namespace ParcelStream.Soak;

/// <summary>The hostile messages mixed into the soak's traffic; each must reach the dead-letter topic with a code.</summary>
internal enum HostileKind
{
    /// <summary>Confluent magic byte and the manifest schema id, then random bytes.</summary>
    Garbage,

    /// <summary>A real manifest cut in half.</summary>
    Truncated,

    /// <summary>Random bytes with 70 headers (more than the 64 a record may carry on).</summary>
    Headers70,

    /// <summary>A null value.</summary>
    Empty,

    /// <summary>999,850 random bytes: with the dead-letter headers, more than the producer's 1,000,000-byte message limit.</summary>
    Oversized,
}
