namespace ParcelStream.Codec.Inspections;

/// <summary>What an inspection found (schema enum InspectionOutcome, same order).</summary>
public enum InspectionOutcome : byte
{
    /// <summary>FOUND: an offence, a misdeclaration, prohibited or restricted goods (a hit).</summary>
    Found,

    /// <summary>CLEAN: nothing was found.</summary>
    Clean,
}
