using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>A route of <see cref="PlantedPattern.ConcealmentRoute"/>: departure country, operator and destination together.</summary>
/// <param name="Origin">The departure country.</param>
/// <param name="Carrier">The express or courier operator; null for the origin's postal operator.</param>
/// <param name="Destination">The destination country.</param>
internal sealed record Route(Geography.Origin Origin, Carriers.Carrier? Carrier, Geography.Destination Destination)
{
    /// <summary>Gets the route as text, e.g. <c>HK/YUNEXPRESS/NL</c>.</summary>
    /// <returns>The route.</returns>
    public override string ToString() => $"{Origin.Code}/{Carrier?.Code ?? Origin.PostalOperator}/{Destination.Code}";
}
