using System.Buffers;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Codec.Container;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// One container block on its way through the replay: read by the reader thread, inflated, decoded and decided by a
/// worker, written out by the writer thread in file order, then reused for a later block.
/// </summary>
internal sealed class ReplayBlock : IDisposable
{
    /// <summary>Most problems kept, per block and in the result: a block keeps as many as the result, so the result's are the file's first.</summary>
    public const int MaxIssues = 100;

    /// <summary>Most added and most removed inspections kept, per block and in the result.</summary>
    public const int MaxChanges = 50;

    private byte[] _stored = [];

    /// <summary>Initializes a block with an output buffer for each pack that writes decisions.</summary>
    /// <param name="packs">Number of packs evaluated.</param>
    /// <param name="outputs">For each pack, whether its decisions are written (and so need a buffer).</param>
    /// <param name="messages">True when the replay reads messages (<see cref="Messages"/>) rather than container blocks.</param>
    public ReplayBlock(int packs, bool[] outputs, bool messages = false)
    {
        Messages = messages ? new ReplayMessageBatch() : null;
        Outputs = new PooledBufferWriter?[packs];
        DatumEnds = new List<int>[packs];
        for (int p = 0; p < packs; p++)
        {
            Outputs[p] = outputs[p] ? new PooledBufferWriter(64 * 1024) : null;
            DatumEnds[p] = [];
        }

        Outcomes = new long[packs * OutcomeSymbols.Count];
    }

    /// <summary>Gets the block's position in the file, from 0.</summary>
    public long Sequence { get; private set; }

    /// <summary>Gets the record index (from 0, in the file) of the block's first datum.</summary>
    public long FirstRecord { get; private set; }

    /// <summary>Gets the number of datums the block holds.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the messages of a replay from a message source (null when replaying a container file).</summary>
    public ReplayMessageBatch? Messages { get; }

    /// <summary>Gets how far the input is read once this block is done: a file offset, or a number of messages.</summary>
    public long ProgressEnd { get; private set; }

    /// <summary>Gets the absolute file offset of the block.</summary>
    public long Offset { get; private set; }

    /// <summary>Gets the absolute file offset of the block's stored data.</summary>
    public long DataOffset { get; private set; }

    /// <summary>Gets the stored (possibly compressed) data.</summary>
    public ReadOnlySpan<byte> Stored => new(_stored, 0, StoredLength);

    /// <summary>Gets the array holding <see cref="Stored"/> from index 0.</summary>
    public byte[] StoredArray => _stored;

    /// <summary>Gets the length of <see cref="Stored"/>.</summary>
    public int StoredLength { get; private set; }

    /// <summary>Gets, per pack, the encoded decisions (null for a pack whose decisions are not written).</summary>
    public PooledBufferWriter?[] Outputs { get; }

    /// <summary>Gets, per pack, where each Avro datum ends in its output (Avro output only).</summary>
    public List<int>[] DatumEnds { get; }

    /// <summary>Gets the outcome counts of this block: pack-major, RELEASE, HOLD, INSPECT.</summary>
    public long[] Outcomes { get; }

    /// <summary>Gets the number of manifests decoded and decided.</summary>
    public int Decided { get; set; }

    /// <summary>Gets or sets the earliest createdAt of the block's manifests (long.MaxValue when none).</summary>
    public long MinCreatedAt { get; set; }

    /// <summary>Gets or sets the latest createdAt of the block's manifests (long.MinValue when none).</summary>
    public long MaxCreatedAt { get; set; }

    /// <summary>Gets the number of datums that could not be decoded.</summary>
    public int Undecodable { get; set; }

    /// <summary>Gets the first problems found in the block.</summary>
    public List<ReplayIssue> Issues { get; } = [];

    /// <summary>Gets the first manifests whose INSPECT status differs between the first two packs, in file order.</summary>
    public List<InspectionChange> Changes { get; } = [];

    /// <summary>Copies a block's stored bytes in and clears what the previous block left.</summary>
    /// <param name="stored">The stored data.</param>
    /// <param name="count">Datums in the block.</param>
    /// <param name="sequence">Block index.</param>
    /// <param name="firstRecord">Record index of the first datum.</param>
    /// <param name="offset">File offset of the block.</param>
    /// <param name="dataOffset">File offset of the stored data.</param>
    public void SetStored(ReadOnlySpan<byte> stored, int count, long sequence, long firstRecord, long offset, long dataOffset)
    {
        if (_stored.Length < stored.Length)
        {
            if (_stored.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_stored);
            }

            _stored = ArrayPool<byte>.Shared.Rent(stored.Length);
        }

        stored.CopyTo(_stored);
        StoredLength = stored.Length;
        Reset(count, sequence, firstRecord, offset, dataOffset);
        ProgressEnd = dataOffset + stored.Length;
    }

    /// <summary>Empties the block for the next batch of messages, which the caller then adds to <see cref="Messages"/>.</summary>
    /// <param name="sequence">Batch index.</param>
    /// <param name="firstRecord">Record index of the first message.</param>
    public void BeginMessages(long sequence, long firstRecord)
    {
        Messages!.Clear();
        StoredLength = 0;
        Reset(0, sequence, firstRecord, 0, 0);
    }

    /// <summary>Takes the number of messages added since <see cref="BeginMessages"/>.</summary>
    public void EndMessages()
    {
        Count = Messages!.Count;
        ProgressEnd = FirstRecord + Count;
    }

    private void Reset(int count, long sequence, long firstRecord, long offset, long dataOffset)
    {
        Count = count;
        Sequence = sequence;
        FirstRecord = firstRecord;
        Offset = offset;
        DataOffset = dataOffset;
        for (int p = 0; p < Outputs.Length; p++)
        {
            Outputs[p]?.Truncate(0);
            DatumEnds[p].Clear();
        }

        Array.Clear(Outcomes);
        Decided = 0;
        Undecodable = 0;
        MinCreatedAt = long.MaxValue;
        MaxCreatedAt = long.MinValue;
        Issues.Clear();
        Changes.Clear();
        AddedKept = 0;
        RemovedKept = 0;
    }

    /// <summary>Gets the number of added inspections kept in <see cref="Changes"/>.</summary>
    public int AddedKept { get; private set; }

    /// <summary>Gets the number of removed inspections kept in <see cref="Changes"/>.</summary>
    public int RemovedKept { get; private set; }

    /// <summary>Records a problem, keeping only the first <see cref="MaxIssues"/>.</summary>
    /// <param name="issue">The problem.</param>
    public void AddIssue(ReplayIssue issue)
    {
        if (Issues.Count < MaxIssues)
        {
            Issues.Add(issue);
        }
    }

    /// <summary>Tells whether another added (or removed) inspection would still be kept.</summary>
    /// <param name="added">True for an added inspection, false for a removed one.</param>
    /// <returns>True when fewer than <see cref="MaxChanges"/> of that kind are kept.</returns>
    public bool WantsChange(bool added) => (added ? AddedKept : RemovedKept) < MaxChanges;

    /// <summary>Keeps an added or removed inspection (after <see cref="WantsChange"/>).</summary>
    /// <param name="change">The change.</param>
    public void AddChange(InspectionChange change)
    {
        Changes.Add(change);
        if (change.After == Codec.Decisions.Outcome.Inspect)
        {
            AddedKept++;
        }
        else
        {
            RemovedKept++;
        }
    }

    /// <summary>Returns the pooled memory.</summary>
    public void Dispose()
    {
        if (_stored.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_stored);
            _stored = [];
        }

        foreach (PooledBufferWriter? output in Outputs)
        {
            output?.Dispose();
        }

        Messages?.Dispose();
    }
}
