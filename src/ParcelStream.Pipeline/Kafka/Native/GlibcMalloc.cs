using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// Keeps glibc from handing librdkafka's large buffers (fetch responses, produce batches: megabytes each) back to the
/// kernel after every request. By default glibc trims and unmaps them, and every next request faults in fresh pages the
/// kernel must zero first: in the worker that was about a tenth of all CPU (clear_page_erms in perf). With a fixed mmap
/// threshold of 32 MiB and a trim threshold of 128 MiB the freed buffers are reused; the cost is that up to that much
/// freed memory per malloc arena stays mapped.
/// </summary>
internal static partial class GlibcMalloc
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;
    private const int MmapThresholdBytes = 32 << 20;
    private const int TrimThresholdBytes = 128 << 20;
    private static int s_done;

    /// <summary>Sets the thresholds once per process; does nothing where libc is not glibc.</summary>
    public static void KeepFreedBuffers()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref s_done, 1) != 0)
        {
            return;
        }

        try
        {
            _ = Mallopt(MmapThreshold, MmapThresholdBytes);
            _ = Mallopt(TrimThreshold, TrimThresholdBytes);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): nothing to tune.
        }
        catch (DllNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
