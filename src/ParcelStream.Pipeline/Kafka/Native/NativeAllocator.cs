namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// Which malloc librdkafka's buffers and messages come from. The worker allocates each produced record on a lane and
/// librdkafka frees it on the delivery-report thread; glibc's per-thread arenas handle that badly (about a tenth of the
/// lanes' CPU in <c>_int_malloc</c>), jemalloc and tcmalloc well. They are chosen at process start with LD_PRELOAD
/// (the container image preloads jemalloc); this only reports which one is in use.
/// </summary>
internal static class NativeAllocator
{
    private static string? s_name;

    /// <summary>Gets "jemalloc", "tcmalloc" or "glibc" (also when the process maps cannot be read).</summary>
    public static string Name => s_name ??= Detect();

    /// <summary>Gets whether the allocator is one that reuses memory freed by another thread cheaply.</summary>
    public static bool IsThreadFriendly => Name is "jemalloc" or "tcmalloc";

    private static string Detect()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                if (line.Contains("libjemalloc", StringComparison.Ordinal))
                {
                    return "jemalloc";
                }

                if (line.Contains("libtcmalloc", StringComparison.Ordinal))
                {
                    return "tcmalloc";
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return "glibc";
    }
}
