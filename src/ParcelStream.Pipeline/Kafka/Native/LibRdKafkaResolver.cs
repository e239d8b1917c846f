using System.Reflection;
using System.Runtime.InteropServices;

namespace ParcelStream.Pipeline.Kafka.Native;

/// <summary>
/// Makes this assembly's <see cref="LibRdKafka"/> imports bind to the librdkafka file Confluent.Kafka loaded. Confluent.Kafka
/// tries runtimes/RID/native/librdkafka.so and falls back to centos8-librdkafka.so when the first one's dependencies
/// (libsasl2.so.3) are missing, so a plain DllImport("librdkafka") would find nothing, or a different copy.
/// </summary>
internal static class LibRdKafkaResolver
{
    private static readonly Lock s_gate = new();
    private static readonly HashSet<Assembly> s_registered = [];
    private static nint s_handle;

    /// <summary>Registers the resolver once per assembly (this one by default; the dev tools' mock API is another); later calls do nothing.</summary>
    /// <param name="assembly">The assembly whose <c>librdkafka</c> imports to bind, or null for this one.</param>
    public static void EnsureRegistered(Assembly? assembly = null)
    {
        assembly ??= typeof(LibRdKafkaResolver).Assembly;
        lock (s_gate)
        {
            if (s_registered.Add(assembly))
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
        }
    }

    /// <summary>Gets the path of the librdkafka file the process has mapped, or null when it cannot be told (not Linux, not loaded).</summary>
    public static string? LoadedPath()
    {
        const string Maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(Maps))
        {
            return null;
        }

        foreach (string line in File.ReadLines(Maps))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.Contains("librdkafka", StringComparison.Ordinal))
            {
                return line[slash..].Trim();
            }
        }

        return null;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibRdKafka.LibraryName)
        {
            return 0;
        }

        lock (s_gate)
        {
            if (s_handle == 0)
            {
                s_handle = Load(assembly, searchPath);
            }

            return s_handle;
        }
    }

    private static nint Load(Assembly assembly, DllImportSearchPath? searchPath)
    {
        // Let Confluent.Kafka pick and load its file first, then open the very same one.
        _ = Confluent.Kafka.Library.Load();
        string? loaded = LoadedPath();
        if (loaded is not null && NativeLibrary.TryLoad(loaded, out nint handle))
        {
            return handle;
        }

        List<string> tried = [];
        foreach (string name in CandidateNames())
        {
            tried.Add(name);
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out handle))
            {
                return handle;
            }

            foreach (string directory in CandidateDirectories())
            {
                string path = Path.Combine(directory, name);
                tried.Add(path);
                if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle))
                {
                    return handle;
                }
            }
        }

        throw new DllNotFoundException($"librdkafka could not be loaded for the mock cluster; tried: {string.Join(", ", tried)}.");
    }

    private static string[] CandidateNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ["librdkafka.dll"];
        }

        return OperatingSystem.IsMacOS() ? ["librdkafka.dylib"] : ["librdkafka.so", "centos8-librdkafka.so", "alpine-librdkafka.so"];
    }

    private static IEnumerable<string> CandidateDirectories()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string baseDirectory = AppContext.BaseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", $"{os}-{arch}", "native");
        yield return baseDirectory;
    }
}
