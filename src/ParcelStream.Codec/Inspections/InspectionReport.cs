namespace ParcelStream.Codec.Inspections;

/// <summary>
/// One parcelstream.v1.InspectionResult (schemas/inspection-result.avsc): what an officer found when inspecting a
/// parcel. Results are few (a share of the parcels), so this is a plain immutable object rather than a reusable view.
/// </summary>
/// <param name="ManifestId">manifestId of the inspected parcel; joins the result to its decision.</param>
/// <param name="Result">FOUND or CLEAN.</param>
/// <param name="Inspector">Id of the officer or team.</param>
/// <param name="InspectedAtMillis">When the inspection was completed, UTC milliseconds.</param>
public sealed record InspectionReport(string ManifestId, InspectionOutcome Result, string Inspector, long InspectedAtMillis)
{
    /// <summary>Gets the parcel's tracking number, if given (not used to join).</summary>
    public string? TrackingNumber { get; init; }

    /// <summary>Gets what was found, as finding codes (empty when CLEAN).</summary>
    public IReadOnlyList<string> FindingCodes { get; init; } = [];

    /// <summary>Gets the customs office code, if given.</summary>
    public string? Office { get; init; }
}
