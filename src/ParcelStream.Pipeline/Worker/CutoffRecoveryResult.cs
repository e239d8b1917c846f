namespace ParcelStream.Pipeline.Worker;

/// <summary>What <see cref="CutoffRecovery"/> found: per input partition, the cut-off of each uncommitted offset its previous owner decided.</summary>
internal sealed class CutoffRecoveryResult
{
    private readonly Dictionary<int, Dictionary<long, double>> _cutoffs = [];

    /// <summary>Gets the partitions that had records after their committed offset.</summary>
    public int PartitionsToRedo { get; internal set; }

    /// <summary>Gets the decision records read.</summary>
    public long DecisionsRead { get; internal set; }

    /// <summary>Gets the cut-offs found.</summary>
    public int Found { get; private set; }

    /// <summary>Gets a value indicating whether a time or record limit stopped the reading: records beyond it are decided with this worker's estimate.</summary>
    public bool Incomplete { get; internal set; }

    /// <summary>Gets how long the recovery took.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Gets the cut-offs of one partition's offsets, or null when none were found.</summary>
    /// <param name="partition">The input partition.</param>
    /// <returns>Offset to cut-off.</returns>
    public Dictionary<long, double>? For(int partition) => _cutoffs.GetValueOrDefault(partition);

    /// <summary>Records the cut-off a decision of an uncommitted offset was made with.</summary>
    /// <param name="partition">The input partition.</param>
    /// <param name="offset">The input offset.</param>
    /// <param name="cutoff">The recorded cut-off.</param>
    public void Add(int partition, long offset, double cutoff)
    {
        if (!_cutoffs.TryGetValue(partition, out Dictionary<long, double>? offsets))
        {
            _cutoffs[partition] = offsets = [];
        }

        if (offsets.TryAdd(offset, cutoff))
        {
            Found++;
        }
    }
}
