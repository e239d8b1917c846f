using SharpFuzz;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// AFL++ entry point (scripts/fuzz.sh starts it under afl-fuzz once the target's assemblies are instrumented);
/// <c>--target NAME</c> (or PARCELSTREAM_FUZZ_TARGET) picks what is fuzzed, the decoder by default;
/// <c>--write-corpus DIR</c> writes that target's seed corpus instead.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        string target = Environment.GetEnvironmentVariable("PARCELSTREAM_FUZZ_TARGET") is { Length: > 0 } fromEnvironment ? fromEnvironment : FuzzTargets.Default;
        string? corpus = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--target" && i + 1 < args.Length)
            {
                target = args[++i];
            }
            else if (args[i] == "--write-corpus" && i + 1 < args.Length)
            {
                corpus = args[++i];
            }
            else
            {
                return Usage();
            }
        }

        if (FuzzTargets.Find(target) is not { } run)
        {
            return Usage();
        }

        if (corpus is not null)
        {
            Console.WriteLine($"{CorpusWriter.Write(corpus, target)} {target} seeds written to {corpus}");
            return 0;
        }

        byte[] buffer = new byte[64 * 1024];

        // Out of process, so that a hang or a stack overflow is reported as a finding rather than killing the fork server.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            int length = 0;
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            run(buffer.AsSpan(0, length));
        });
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine($"usage: ParcelStream.Codec.Fuzz [--target {string.Join('|', FuzzTargets.Names)}] [--write-corpus DIR]   (without --write-corpus: run under afl-fuzz)");
        return 2;
    }
}
