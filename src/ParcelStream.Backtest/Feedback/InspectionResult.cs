namespace ParcelStream.Backtest.Feedback;

/// <summary>What a physical inspection of a parcel found.</summary>
public enum InspectionResult : byte
{
    /// <summary>No inspection result is known for the parcel.</summary>
    Unknown,

    /// <summary>The inspection found something (FOUND): an offence, a misdeclaration, prohibited goods.</summary>
    Found,

    /// <summary>The inspection found nothing (CLEAN).</summary>
    Clean,
}
