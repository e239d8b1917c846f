namespace ParcelStream.DevTools.Generation;

/// <summary>What <see cref="ManifestPublisher.Publish"/> did.</summary>
/// <param name="Produced">Messages handed to the producer.</param>
/// <param name="Delivered">Messages the cluster acknowledged.</param>
/// <param name="Failed">Messages whose delivery failed.</param>
/// <param name="ByKind">Messages produced, by kind.</param>
/// <param name="Bytes">Value bytes produced.</param>
/// <param name="Elapsed">Time from the first produce to the end of the final flush.</param>
/// <param name="FirstError">The first delivery error, or null.</param>
public sealed record PublishSummary(long Produced, long Delivered, long Failed, IReadOnlyDictionary<ManifestKind, long> ByKind, long Bytes, TimeSpan Elapsed, string? FirstError)
{
    /// <summary>Gets the delivered messages per second.</summary>
    public double MessagesPerSecond => Elapsed.TotalSeconds > 0 ? Delivered / Elapsed.TotalSeconds : 0;
}
