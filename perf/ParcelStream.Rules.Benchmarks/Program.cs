using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace ParcelStream.Rules.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--cpu-loop")
        {
            // Quick check while iterating on a shared machine: process CPU time per evaluation, not a published number.
            CpuLoop(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000, args.Length > 2 ? args[2] : "all");
            return;
        }

        if (args.Length > 0 && args[0] == "--min-batch")
        {
            // On a shared machine: the fastest of many short batches is the time of a batch nobody interrupted.
            MinBatch(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void MinBatch(int batches)
    {
        var b = new RuleEvaluationBenchmarks();
        b.Setup();
        Batches("ParcelStream typical", batches, 500, () => b.ParcelStreamTypical());
        Batches("ParcelStream worst", batches, 100, () => b.ParcelStreamWorstCase());
        Batches("RulesEngine typical", batches / 20, 20, () => b.RulesEngineTypical().GetAwaiter().GetResult());
    }

    private static void Batches<T>(string name, int batches, int size, Func<T> run)
    {
        var times = new double[batches];
        for (int i = 0; i < batches / 10 * size; i++)
        {
            run();
        }

        for (int n = 0; n < batches; n++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < size; i++)
            {
                run();
            }

            times[n] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / size;
        }

        Array.Sort(times);
        Console.WriteLine($"{name,-22} min {times[0],9:F3} us/op  p10 {times[batches / 10],9:F3}  median {times[batches / 2],9:F3}");
    }

    private static void CpuLoop(int iterations, string which)
    {
        var b = new RuleEvaluationBenchmarks();
        b.Setup();
        if (which != "worst")
        {
            Measure("ParcelStream typical", iterations, () => b.ParcelStreamTypical());
        }

        if (which is "all" or "history")
        {
            Measure("ParcelStream history", iterations, () => b.ParcelStreamTypicalWithHistory());
        }

        if (which is not ("typical" or "history"))
        {
            Measure("ParcelStream worst", iterations / 4, () => b.ParcelStreamWorstCase());
        }

        if (which == "all")
        {
            Measure("RulesEngine typical", iterations / 40, () => b.RulesEngineTypical().GetAwaiter().GetResult());
            Measure("ParcelStream typical", iterations, () => b.ParcelStreamTypical());
        }
    }

    private static void Measure<T>(string name, int iterations, Func<T> run)
    {
        for (int i = 0; i < iterations / 10; i++)
        {
            run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan start = Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < iterations; i++)
        {
            run();
        }

        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - start;
        long bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"{name,-22} {cpu.TotalMilliseconds * 1000.0 / iterations,9:F3} us CPU/op  {(double)bytes / iterations,8:F1} B/op");
    }
}
