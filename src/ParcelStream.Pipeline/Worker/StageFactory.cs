namespace ParcelStream.Pipeline.Worker;

/// <summary>Makes the decision stage from the service provider (a struct cannot be a service itself).</summary>
/// <typeparam name="TStage">What decides.</typeparam>
/// <param name="create">The factory.</param>
internal sealed class StageFactory<TStage>(Func<IServiceProvider, TStage> create)
    where TStage : struct, IDecisionStage
{
    public TStage Create(IServiceProvider services) => create(services);
}
