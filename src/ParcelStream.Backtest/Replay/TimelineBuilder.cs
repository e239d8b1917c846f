using ParcelStream.Backtest.Analysis;

namespace ParcelStream.Backtest.Replay;

/// <summary>Gathers the blocks' outcome counts in file order and cuts them into about <see cref="Points"/> stretches of equal size.</summary>
internal sealed class TimelineBuilder
{
    /// <summary>The number of stretches aimed at.</summary>
    public const int Points = 50;

    private readonly int _packs;
    private readonly List<(long FirstRecord, long Decided, long From, long To, long[] Outcomes)> _blocks = [];

    /// <summary>Initializes an empty timeline.</summary>
    /// <param name="packs">Number of packs.</param>
    public TimelineBuilder(int packs) => _packs = packs;

    /// <summary>Adds the next block in file order.</summary>
    /// <param name="block">The block, decided.</param>
    public void Add(ReplayBlock block)
    {
        if (block.Decided > 0)
        {
            _blocks.Add((block.FirstRecord, block.Decided, block.MinCreatedAt, block.MaxCreatedAt, [.. block.Outcomes]));
        }
    }

    /// <summary>Cuts the blocks into stretches of about equal numbers of manifests (a block is never split).</summary>
    /// <returns>The stretches in file order.</returns>
    public IReadOnlyList<TimelinePoint> Build()
    {
        long total = _blocks.Sum(b => b.Decided);
        var points = new List<TimelinePoint>(Points);
        int i = 0;
        long cumulative = 0;
        for (int k = 1; k <= Points && i < _blocks.Count; k++)
        {
            long until = total * k / Points;
            long first = _blocks[i].FirstRecord;
            long decided = 0;
            long from = long.MaxValue;
            long to = long.MinValue;
            long[] outcomes = new long[_packs * OutcomeSymbols.Count];
            do
            {
                var b = _blocks[i++];
                decided += b.Decided;
                from = Math.Min(from, b.From);
                to = Math.Max(to, b.To);
                for (int o = 0; o < outcomes.Length; o++)
                {
                    outcomes[o] += b.Outcomes[o];
                }
            }
            while (i < _blocks.Count && cumulative + decided < until);
            cumulative += decided;
            points.Add(new TimelinePoint(first, decided, from, to, outcomes));
        }

        return points;
    }
}
