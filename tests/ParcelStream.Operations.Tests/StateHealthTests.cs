using ParcelStream.Operations.Tests.Support;
using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations.Tests;

public sealed class StateHealthTests
{
    [Fact]
    public async Task Readiness_StoreRestoring_NotReadyUntilRestoredThenMetricsShowTheStore()
    {
        long keys = 0;
        var statistics = new StoreStatistics { StoreName = "split-store", ChangelogTopic = "parcelstream.app.split-store-changelog", Keys = () => keys, Partitions = () => 2 };
        WorkerHandle handle = ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 4);
        handle.State = () => statistics;
        var health = new OperationsHealth(handle, () => null);

        statistics.OnRestoreStarted();
        HealthCheck restoring = health.Readiness().Checks.Single(c => c.Name == "state");
        Assert.False(restoring.Ok);
        Assert.Contains("restoring split-store", restoring.Detail, StringComparison.Ordinal);

        keys = 1_234;
        statistics.OnRestoreFinished(5_000, TimeSpan.FromSeconds(2));
        HealthCheck restored = health.Readiness().Checks.Single(c => c.Name == "state");
        Assert.True(restored.Ok);
        Assert.Contains("1234 keys in 2 partitions, 5000 changelog records restored", restored.Detail, StringComparison.Ordinal);

        Exposition e = await Exposition.CollectAsync(new ParcelStreamMetrics(health));
        Assert.Equal(1_234, e.Value("parcelstream_state_keys", ("store", "split-store")));
        Assert.Equal(5_000, e.Value("parcelstream_state_restored_records_total", ("store", "split-store")));
        Assert.Equal(0, e.Value("parcelstream_state_restoring", ("store", "split-store")));
        Assert.Equal(2, e.Value("parcelstream_state_last_restore_seconds", ("store", "split-store")));
    }

    [Fact]
    public void Readiness_StatefulStagesOff_StateCheckPasses()
    {
        var health = new OperationsHealth(ParcelStreamMetricsTests.Handle(new WorkerCounters(), assigned: 1), () => null);
        HealthCheck state = health.Readiness().Checks.Single(c => c.Name == "state");
        Assert.True(state.Ok);
        Assert.Contains("off", state.Detail, StringComparison.Ordinal);
    }
}
