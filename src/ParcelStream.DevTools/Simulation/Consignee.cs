using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>A buyer of the simulated world.</summary>
/// <param name="Destination">The country the buyer lives in.</param>
/// <param name="Party">Name and address, copied onto each parcel.</param>
internal sealed record Consignee(Geography.Destination Destination, PartyRecord Party);
