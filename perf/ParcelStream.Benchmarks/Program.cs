using BenchmarkDotNet.Running;

namespace ParcelStream.Benchmarks;

internal static class Program
{
    /// <summary>Runs the suites chosen with BenchmarkDotNet's usual arguments (e.g. --filter '*' --job short).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
