using SharpFuzz;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// AFL++ entry point (scripts/fuzz.sh starts it under afl-fuzz once ParcelStream.Codec.dll is instrumented);
/// <c>--write-corpus DIR</c> writes the seed corpus instead.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--write-corpus")
        {
            Console.WriteLine($"{CorpusWriter.Write(args[1])} seeds written to {args[1]}");
            return 0;
        }

        if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: ParcelStream.Codec.Fuzz [--write-corpus DIR]   (without arguments: run under afl-fuzz)");
            return 2;
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

            ManifestFuzzTarget.Run(buffer.AsSpan(0, length));
        });
        return 0;
    }
}
