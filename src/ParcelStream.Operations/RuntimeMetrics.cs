using Prometheus;

namespace ParcelStream.Operations;

/// <summary>
/// Garbage collector figures not in prometheus-net's default set (which gives dotnet_collection_count_total and the
/// process_* metrics): bytes allocated (their rate is the allocation rate), pause time, heap size.
/// </summary>
internal sealed class RuntimeMetrics(IMetricFactory factory)
{
    private readonly Counter _allocated = factory.CreateCounter("parcelstream_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.");
    private readonly Counter _pause = factory.CreateCounter("parcelstream_gc_pause_seconds_total", "Time the garbage collector paused the process.");
    private readonly Gauge _heap = factory.CreateGauge("parcelstream_gc_heap_size_bytes", "Managed heap size after the last collection.");

    public void Update()
    {
        _allocated.IncTo(GC.GetTotalAllocatedBytes());
        _pause.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        _heap.Set(GC.GetGCMemoryInfo().HeapSizeBytes);
    }
}
