using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Simulation;

/// <summary>One parcel of the simulated world: its manifest (what the engine sees) and its truth (what it does not).</summary>
/// <param name="Day">The simulated day, 0-based.</param>
/// <param name="Manifest">The manifest. <see cref="SimulationWorld.Day"/> reuses one record per enumeration: valid until the next parcel.</param>
/// <param name="Truth">What was planted.</param>
public readonly record struct SimulatedParcel(int Day, ManifestRecord Manifest, ParcelTruth Truth);
