using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using ParcelStream.Backtest.Analysis;
using ParcelStream.Backtest.Feedback;
using ParcelStream.Backtest.Output;
using ParcelStream.Codec;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// One replay thread's state: inflates a block, walks its datums, decodes each manifest, decides it with every pack,
/// counts the decisions and encodes the ones to be written into the block's output buffers. Reuses everything from
/// block to block; one instance per thread.
/// </summary>
internal sealed class ReplayWorker : IDisposable
{
    private readonly ReplayContext _context;
    private readonly ShardTurns _turns;
    private readonly ManifestView _view = new();
    private readonly CustomsDecision[] _decisions;
    private readonly JsonDecisionWriter _json = new();
    private AvroBlockInflater? _inflater;
    private long _runStart = -1;
    private long _runEnd = -1;

    /// <summary>Initializes a worker.</summary>
    /// <param name="context">What every worker shares.</param>
    /// <param name="turns">The order in which the shards' records are decided.</param>
    public ReplayWorker(ReplayContext context, ShardTurns turns)
    {
        _context = context;
        _turns = turns;
        int packs = context.Packs.Count;
        _decisions = new CustomsDecision[packs];
        Tallies = new PackTally[packs];
        for (int p = 0; p < packs; p++)
        {
            _decisions[p] = new CustomsDecision();
            Tallies[p] = new PackTally(context.Catalogs[p]);
        }
    }

    /// <summary>Gets this worker's counts per pack.</summary>
    public PackTally[] Tallies { get; }

    /// <summary>Gets this worker's outcome transitions from the first pack to the second.</summary>
    public TransitionMatrix Transitions { get; } = new();

    /// <summary>Decides every manifest of a block.</summary>
    /// <param name="block">The block, its stored data read; its results are filled in.</param>
    public void Process(ReplayBlock block)
    {
        ProcessRecords(block);
        if (block.Count > 0)
        {
            // Records not decided (undecodable, or skipped with the rest of their block) still take their turn.
            Turn(block, block.FirstRecord + block.Count - 1);
        }

        if (_runStart >= 0)
        {
            _turns.Release(_runStart, _runEnd);
        }

        _runStart = _runEnd = -1;
    }

    private void ProcessRecords(ReplayBlock block)
    {
        if (block.Messages is { } messages)
        {
            ProcessMessages(block, messages);
            return;
        }

        byte[] data;
        int length;
        if (_context.Codec == AvroContainerCodec.Deflate)
        {
            if (!TryInflate(block, out ArraySegment<byte> inflated))
            {
                return;
            }

            // The inflater hands out its buffer from index 0.
            data = inflated.Array!;
            length = inflated.Count;
        }
        else
        {
            data = block.StoredArray;
            length = block.StoredLength;
        }

        int position = 0;
        for (int i = 0; i < block.Count; i++)
        {
            int size = DecodeNext(data, position, length, out AvroError error);
            if (size < 0)
            {
                // Where the datum ends is unknown, so the rest of the block cannot be read.
                int lost = block.Count - i;
                block.Undecodable += lost;
                block.AddIssue(new ReplayIssue(block.FirstRecord + i, block.Offset, $"datum {i} of the block does not match the writer schema ({error}); the block's last {lost} records are skipped"));
                return;
            }

            if (error.IsError)
            {
                block.Undecodable++;
                block.AddIssue(new ReplayIssue(block.FirstRecord + i, block.Offset, $"not a valid manifest: {error}"));
            }
            else
            {
                DecideAll(block, block.FirstRecord + i, -1, block.FirstRecord + i);
            }

            position += size;
        }

        if (position != length)
        {
            block.AddIssue(new ReplayIssue(block.FirstRecord + block.Count, block.Offset, $"{length - position} bytes follow the block's last datum"));
        }
    }

    /// <summary>Decodes and decides each message of a block; a message that is not a manifest is counted and reported, the others go on.</summary>
    private void ProcessMessages(ReplayBlock block, ReplayMessageBatch messages)
    {
        for (int i = 0; i < messages.Count; i++)
        {
            int start = messages.StartOf(i);
            AvroError error = _context.Decoder.Decode(messages.Data, start, messages.EndOf(i) - start, _view);
            int partition = messages.PartitionOf(i);
            long offset = messages.OffsetOf(i);
            if (error.IsError)
            {
                block.Undecodable++;
                block.AddIssue(new ReplayIssue(block.FirstRecord + i, offset, $"partition {partition} offset {offset}: not a valid manifest: {error}"));
            }
            else
            {
                DecideAll(block, block.FirstRecord + i, partition, offset);
            }
        }
    }

    /// <summary>
    /// Decodes the datum at <paramref name="position"/> into the view without knowing its length first: the decoder is
    /// given the rest of the block and reports the bytes after the manifest as TrailingBytes at the offset where the
    /// manifest ended, which saves walking every datum twice. A datum the decoder rejects is measured with the skipper.
    /// </summary>
    /// <returns>The datum's length, or -1 when even the skipper cannot find its end (then <paramref name="error"/> says why).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DecodeNext(byte[] data, int position, int length, out AvroError error)
    {
        int rest = Math.Min(length - position, _context.Limits.MaxMessageBytes);
        error = _context.Decoder.Decode(data, position, rest, _view);
        if (!error.IsError)
        {
            return rest;
        }

        if (error.Code == AvroErrorCode.TrailingBytes)
        {
            int size = (int)error.Offset;
            error = default;
            return size;
        }

        return MeasureBadDatum(data, position, length, ref error);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int MeasureBadDatum(byte[] data, int position, int length, ref AvroError error)
    {
        CodecLimits limits = _context.Limits;
        var reader = new AvroReader(new ReadOnlySpan<byte>(data, position, length - position), limits.MaxStringBytes);
        if (AvroSkipper.TrySkip(ref reader, _context.Schema!, 0, limits.MaxDepth, limits.MaxCollectionItems))
        {
            return reader.Position;
        }

        error = reader.HasError ? reader.Error : new AvroError(AvroErrorCode.Truncated, length - position);
        return -1;
    }

    /// <summary>Releases the JSON writer and the inflater's buffer.</summary>
    public void Dispose()
    {
        _json.Dispose();
        _inflater?.Dispose();
    }

    /// <summary>Decides one decoded manifest with every pack, counts the decisions and encodes those to be written.</summary>
    /// <param name="block">The block the manifest is in.</param>
    /// <param name="record">The manifest's record index in the input.</param>
    /// <param name="partition">The message's partition, or -1 for a file.</param>
    /// <param name="position">The message's offset, or the record index for a file.</param>
    private void DecideAll(ReplayBlock block, long record, int partition, long position)
    {
        Turn(block, record);
        ManifestView view = _view;
        InspectionResult result = _context.InspectionResults?.Lookup(view.ManifestId) ?? InspectionResult.Unknown;
        PlantedKind planted = _context.PlantedKinds?.Lookup(view.ManifestId) ?? PlantedKind.Unknown;
        long createdAt = view.CreatedAtMillis;
        block.MinCreatedAt = Math.Min(block.MinCreatedAt, createdAt);
        block.MaxCreatedAt = Math.Max(block.MaxCreatedAt, createdAt);
        block.Decided++;
        for (int p = 0; p < _decisions.Length; p++)
        {
            CustomsDecision decision = _decisions[p];
            decision.Reset();
            decision.SetManifest(view.ManifestId, view.TrackingNumber);
            decision.SetSource(_context.SourceName, partition, position);

            // The manifest's own time rather than the clock: the same history always gives the same decisions.
            decision.DecidedAtMillis = createdAt;
            _context.Packs[p].Decide(view, decision, ShardTurns.ShardOf(record));
            Tallies[p].Add(decision, result, planted);
            block.Outcomes[(p * OutcomeSymbols.Count) + (int)decision.Outcome]++;
            if (block.Outputs[p] is { } output)
            {
                Encode(p, decision, output, block.DatumEnds[p]);
            }
        }

        if (_decisions.Length == 2)
        {
            Outcome before = _decisions[0].Outcome;
            Outcome after = _decisions[1].Outcome;
            Transitions.Add(before, after);
            if ((before == Outcome.Inspect) != (after == Outcome.Inspect) && block.WantsChange(after == Outcome.Inspect))
            {
                block.AddChange(new InspectionChange(record, Encoding.UTF8.GetString(view.ManifestId), before, after));
            }
        }
    }

    /// <summary>
    /// Waits until the record's shard has decided everything before it: the runs of this block up to the record's
    /// (one run per range the block touches) are taken in order, the earlier ones released as passed.
    /// </summary>
    private void Turn(ReplayBlock block, long record)
    {
        if (record < _runEnd)
        {
            return;
        }

        long blockEnd = block.FirstRecord + block.Count;
        long start = _runEnd >= 0 ? _runEnd : block.FirstRecord;
        if (_runStart >= 0)
        {
            _turns.Release(_runStart, _runEnd);
        }

        while (true)
        {
            long end = Math.Min(ShardTurns.RangeEnd(start), blockEnd);
            _turns.Wait(start);
            if (record < end)
            {
                _runStart = start;
                _runEnd = end;
                return;
            }

            _turns.Release(start, end);
            start = end;
        }
    }

    private void Encode(int pack, CustomsDecision decision, PooledBufferWriter output, List<int> datumEnds)
    {
        if (_context.Formats[pack] == DecisionFormat.Avro)
        {
            var w = new AvroWriter(output);
            DecisionWriter.WriteDatum(ref w, decision);
            w.Flush();
            datumEnds.Add(output.WrittenCount);
            return;
        }

        _json.WriteLine(output, decision);
    }

    /// <summary>Inflates the block's deflate data with Codec's inflater; a block that cannot be inflated is skipped and reported.</summary>
    private bool TryInflate(ReplayBlock block, out ArraySegment<byte> data)
    {
        AvroBlockInflater inflater = _inflater ??= new AvroBlockInflater(_context.MaxInflatedBytes);
        if (inflater.TryInflate(new ReadOnlySequence<byte>(block.StoredArray, 0, block.StoredLength), block.DataOffset, out data, out _, out string? problem))
        {
            return true;
        }

        block.Undecodable += block.Count;
        block.AddIssue(new ReplayIssue(block.FirstRecord, block.Offset, $"{problem} Its {block.Count} records are skipped."));
        return false;
    }
}
