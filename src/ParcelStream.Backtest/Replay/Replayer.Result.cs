using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Capacity;

namespace ParcelStream.Backtest.Replay;

/// <summary>Building the result from the workers' tallies once every block is written.</summary>
public static partial class Replayer
{
    /// <summary>The result of a run.</summary>
    private sealed partial class Replay
    {
        public ReplayResult BuildResult(bool cancelled, TimeSpan elapsed)
        {
            int packs = _options.Packs.Count;
            var results = new PackResult[packs];
            for (int p = 0; p < packs; p++)
            {
                PackTally tally = _workers[0].Tallies[p];
                for (int w = 1; w < _workers.Length; w++)
                {
                    tally.Add(_workers[w].Tallies[p]);
                }

                ReplayPack pack = _options.Packs[p];
                IReadOnlyList<CapacityStatus> capacity = pack.Engine.GetCapacity();
                results[p] = tally.ToResult(
                    pack.Name,
                    pack.Pack,
                    new EngineCapacity(pack.Engine.CapacityShare, capacity.Sum(c => c.Forced), capacity.Sum(c => c.Random)));
            }

            ComparisonResult? comparison = null;
            if (packs == 2)
            {
                var transitions = new TransitionMatrix();
                foreach (ReplayWorker worker in _workers)
                {
                    transitions.Add(worker.Transitions);
                }

                comparison = new ComparisonResult(transitions, _added, _removed);
            }

            PackResult baseline = results[0];
            return new ReplayResult
            {
                Source = _options.MessageSource?.Name ?? Path.GetFileName(_options.InputPath!),
                FileBytes = _source.InputBytes,
                Records = _records,
                Decided = _decided,
                Undecodable = _undecodable,
                Blocks = _blocksWritten,
                Issues = _issues,
                Packs = results,
                Comparison = comparison,
                InspectionResultsGiven = _options.InspectionResults?.Count ?? 0,
                PlantedKindsGiven = _options.PlantedKinds?.Count ?? 0,
                InspectionResultsMatched = OutcomeSymbols.All.Sum(baseline.Labeled),
                ComparisonRate = _options.InspectionRate ?? baseline.Share(Outcome.Inspect),
                ComparisonRateGiven = _options.InspectionRate is not null,
                Capacity = _options.Capacity,
                Timeline = _timeline.Build(),
                Stateful = _options.Packs.Any(p => p.Stateful),
                Cancelled = cancelled,
                Threads = _options.Threads,
                Elapsed = elapsed,
            };
        }
    }
}
