namespace ParcelStream.Pipeline.Worker;

/// <summary>A topic the worker produces to, as its transport addresses it (see <see cref="IWorkerTransport.Topic"/>).</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Handle">The native producer's topic handle; 0 for a transport that produces by name.</param>
internal readonly record struct OutputTopic(string Name, nint Handle);
