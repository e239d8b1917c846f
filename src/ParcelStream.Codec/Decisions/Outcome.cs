namespace ParcelStream.Codec.Decisions;

/// <summary>What customs should do with a parcel (schema enum Outcome, same order; later values win).</summary>
public enum Outcome : byte
{
    /// <summary>Release (ASYCUDA green, or blue with the post-clearance-audit flag).</summary>
    Release,

    /// <summary>Hold for documents or information (ASYCUDA yellow, ICS2 request for information).</summary>
    Hold,

    /// <summary>Inspect physically (ASYCUDA red, ICS2 request for screening).</summary>
    Inspect,
}
