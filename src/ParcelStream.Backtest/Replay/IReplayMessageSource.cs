namespace ParcelStream.Backtest.Replay;

/// <summary>
/// A history of framed manifest messages other than a container file, e.g. a Kafka topic range, read by one replay
/// thread. It must give the messages in the same order every time (a topic range: by partition, then offset) so that
/// the replay's output is deterministic.
/// </summary>
public interface IReplayMessageSource
{
    /// <summary>Gets the name reports show and decisions carry as their source topic (e.g. the topic).</summary>
    string Name { get; }

    /// <summary>Gets how many messages the source expects to give (for progress), 0 when unknown.</summary>
    long ExpectedMessages { get; }

    /// <summary>Adds the next messages, in order, while <paramref name="batch"/> has room.</summary>
    /// <param name="batch">An empty batch.</param>
    /// <param name="cancellationToken">Stops waiting for messages.</param>
    /// <returns>False when there are no more messages (the batch is then empty).</returns>
    bool Fill(ReplayMessageBatch batch, CancellationToken cancellationToken);
}
