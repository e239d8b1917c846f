using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ParcelStream.Pipeline.Worker;

/// <content>
/// Records decided again after a kill keep the cut-off they were decided with: on assignment the previous owner's
/// uncommitted decisions are read back (<see cref="CutoffRecovery"/>); each lane looks its record up before deciding.
/// </content>
internal sealed partial class DecisionWorker<TStage, TTransport>
{
    // Per input partition, the recovered cut-offs still to use; written on the consuming thread before the
    // partition's records are dispatched, then read and emptied by the one lane that owns the partition.
    private Dictionary<long, double>?[] _recoveredCutoffs = [];

    /// <summary>The cut-off a record was decided with before this worker got its partition, or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double RecoveredCutoff(int partition, long offset)
    {
        Dictionary<long, double>?[] all = Volatile.Read(ref _recoveredCutoffs);
        return (uint)partition < (uint)all.Length && all[partition] is { Count: > 0 } cutoffs && cutoffs.Remove(offset, out double cutoff)
            ? cutoff
            : double.NaN;
    }

    /// <summary>On the consuming thread, before any record of the newly assigned input partitions is dispatched.</summary>
    private void RecoverCutoffs(List<TopicPartition> assigned)
    {
        if (!_options.RecoverCutoffs || TTransport.Transactional || _stores is not null || !_options.IncludeSource)
        {
            // Exactly-once: uncommitted decisions were aborted, nobody saw them. Stateful: decided from the
            // repartition topic, whose records are not the decisions' source. Without the source nothing to match.
            return;
        }

        List<int> partitions = [.. assigned.Where(tp => tp.Topic == _options.InputTopic && tp.Partition.Value >= 0).Select(tp => tp.Partition.Value)];
        if (partitions.Count == 0)
        {
            return;
        }

        CutoffRecoveryResult result;
        try
        {
            result = new CutoffRecovery(_options, _kafkaSettings).Recover(partitions);
        }
        catch (KafkaException ex)
        {
            // Deciding must not wait on this: records decided again use this worker's estimate (they may differ).
            LogCutoffRecoveryFailed(ex.Error.Reason);
            return;
        }

        Dictionary<long, double>?[] all = _recoveredCutoffs;
        int max = partitions.Max();
        if (max >= all.Length)
        {
            all = new Dictionary<long, double>?[Math.Max(max + 1, all.Length * 2)];
            _recoveredCutoffs.CopyTo(all, 0);
        }

        foreach (int p in partitions)
        {
            all[p] = result.For(p);
        }

        Volatile.Write(ref _recoveredCutoffs, all);
        Counters.OnCutoffsRecovered(result.Found);
        LogCutoffsRecovered(result.Found, result.PartitionsToRedo, partitions.Count, result.DecisionsRead, result.Elapsed.TotalMilliseconds, result.Incomplete ? "; stopped by CutoffRecoveryTimeoutMs or CutoffRecoveryMaxRecords: records beyond it are decided with this worker's estimate" : string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovered {Found} inspection cut-offs of decisions made but not committed by the previous owner ({Redo} of {Partitions} partitions have records to decide again; {Read} decision records read in {ElapsedMs:F0} ms){Limit}")]
    private partial void LogCutoffsRecovered(int found, int redo, int partitions, long read, double elapsedMs, string limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read back the previous owner's decisions ({Reason}): records decided again after a restart are decided with this worker's capacity estimate and may differ from their first decision")]
    private partial void LogCutoffRecoveryFailed(string reason);
}
