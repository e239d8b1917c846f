using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Replay;

namespace ParcelStream.Backtest.Tests;

/// <summary>One replay of the sample history comparing the default and the stricter pack with the sample inspection results, shared by a test class.</summary>
public sealed class SampleReplay : IDisposable
{
    public SampleReplay()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("backtest-sample-").FullName;
        BaselineJson = Path.Combine(Directory, "baseline.jsonl");
        CandidateJson = Path.Combine(Directory, "candidate.jsonl");
        Inspections = InspectionResults.Load(Samples.Inspections);
        Result = Replayer.Run(new ReplayOptions
        {
            InputPath = Samples.History,
            Packs = [Samples.Pack(Samples.DefaultRules, "default"), Samples.Pack(Samples.StricterRules, "stricter")],
            OutputPaths = [BaselineJson, CandidateJson],
            Threads = 2,
            InspectionResults = Inspections,
            Capacity = 0.07,
        });
    }

    public string Directory { get; }

    public string BaselineJson { get; }

    public string CandidateJson { get; }

    public InspectionResults Inspections { get; }

    public ReplayResult Result { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
