using System.Globalization;
using System.Text;

namespace ParcelStream.Soak;

/// <summary>The soak's findings as Markdown, and whether every check held.</summary>
internal sealed class Report
{
    private Report(string text, bool passed)
    {
        Text = text;
        Passed = passed;
    }

    public string Text { get; }

    public bool Passed { get; }

    public static Report Build(Inputs r)
    {
        var lost = new List<string>();
        var hostileTotal = new Dictionary<HostileKind, int>();
        var hostileDeadLettered = new Dictionary<HostileKind, int>();
        var hostileCodes = new Dictionary<HostileKind, SortedSet<string>>();
        int hostileDecided = 0;
        long lostCount = 0;
        for (int p = 0; p < r.Partitions; p++)
        {
            for (long o = 0; o < r.Producer.EndOffset(p); o++)
            {
                bool seen = r.Ledger.TryGet(p, o, out DecisionLedger.Entry entry);
                if (!seen)
                {
                    lostCount++;
                    if (lost.Count < 10)
                    {
                        lost.Add($"{p}@{o}");
                    }
                }

                if (!r.Producer.Hostile.TryGetValue(((long)p << 40) | o, out HostileKind kind))
                {
                    continue;
                }

                hostileTotal[kind] = hostileTotal.GetValueOrDefault(kind) + 1;
                if (seen && entry.IsDeadLetter && entry.Description != "DLQ (none)")
                {
                    hostileDeadLettered[kind] = hostileDeadLettered.GetValueOrDefault(kind) + 1;
                    (hostileCodes.TryGetValue(kind, out SortedSet<string>? codes) ? codes : hostileCodes[kind] = []).Add(entry.Description[4..]);
                }
                else if (seen)
                {
                    hostileDecided++;
                }
            }
        }

        int hostile = hostileTotal.Values.Sum();
        int hostileOk = hostileDeadLettered.Values.Sum();
        long oom = r.Limit.OomKills();
        bool finalOk = r.Incarnations.Count > 0 && r.Incarnations[^1].Ended.StartsWith("SIGTERM: exit 0", StringComparison.Ordinal);
        bool passed = lostCount == 0 && r.Ledger.NonIdenticalDuplicates == 0 && hostileOk == hostile && hostile > 0 && r.UnexpectedExits == 0
            && r.Producer.Failed == 0 && finalOk && oom <= 0 && r.Total == r.Producer.Delivered;

        var t = new StringBuilder();
        t.AppendLine(CultureInfo.InvariantCulture, $"# Soak run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {(passed ? "PASSED" : "FAILED")}");
        t.AppendLine();
        t.AppendLine(CultureInfo.InvariantCulture, $"- Command: `{r.Command}` (after `make build`; as root, so that it can make a cgroup)");
        t.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        t.AppendLine(CultureInfo.InvariantCulture, $"- Traffic: {r.Messages:N0} messages at {r.Rate:N0}/s into {r.Partitions} partitions of an embedded Kafka (librdkafka mock cluster, 1 broker, in the soak's process); 1 in {r.HostileEvery} hostile; took {r.Elapsed.TotalSeconds:0} s in all");
        t.AppendLine(CultureInfo.InvariantCulture, $"- Worker: `parcelstream run --config` k8s/base/settings.json (bootstrap servers, rules directory and metrics port replaced){(r.Extra.Count == 0 ? string.Empty : "; plus " + string.Join(", ", r.Extra.Select(e => $"`{e}`")))}");
        t.AppendLine(CultureInfo.InvariantCulture, $"- Memory: {r.Limit.Description}; environment from k8s/base/deployment.yaml and the Dockerfile's allocator: {string.Join(", ", r.Env.Select(e => $"`{e.Key}={e.Value}`"))}");
        t.AppendLine();
        t.AppendLine("| check | result |");
        t.AppendLine("|---|---|");
        t.AppendLine(CultureInfo.InvariantCulture, $"| produced and acknowledged by the broker | {r.Producer.Delivered:N0} (failed: {r.Producer.Failed}) |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| input records with a decision or a dead-letter record | {r.Covered:N0} of {r.Total:N0} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| **lost** | **{lostCount}**{(lost.Count == 0 ? string.Empty : " (first: " + string.Join(", ", lost) + ")")} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| duplicates (redone after a kill), identical | {r.Ledger.IdenticalDuplicates:N0} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| **duplicates that differ** | **{r.Ledger.NonIdenticalDuplicates}**{(r.Ledger.FirstNonIdentical is null ? string.Empty : " (first: " + r.Ledger.FirstNonIdentical + ")")} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| decisions by outcome | {string.Join(", ", r.Ledger.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value:N0}"))} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| dead-letter records by code | {string.Join(", ", r.Ledger.DeadLetterCodes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}"))} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| **hostile messages dead-lettered with a code** | **{hostileOk:N0} of {hostile:N0}**; decided instead: {hostileDecided} |");
        foreach (HostileKind kind in Enum.GetValues<HostileKind>())
        {
            string codes = hostileCodes.TryGetValue(kind, out SortedSet<string>? c) ? string.Join(", ", c) : "-";
            t.AppendLine(CultureInfo.InvariantCulture, $"| &nbsp;&nbsp;{kind} | {hostileDeadLettered.GetValueOrDefault(kind):N0} of {hostileTotal.GetValueOrDefault(kind):N0} ({codes}) |");
        }

        t.AppendLine(CultureInfo.InvariantCulture, $"| records the ledger could not attribute; offset gaps (mock retention) | {r.Ledger.Unattributed}; {r.Ledger.Gaps} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| **worker exits not caused by the soak (restart loop)** | **{r.UnexpectedExits}** |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| kernel OOM kills in the cgroup | {(oom < 0 ? "n/a" : oom.ToString(CultureInfo.InvariantCulture))} |");
        t.AppendLine(CultureInfo.InvariantCulture, $"| peak memory of the cgroup (all incarnations, page cache included) | {(r.Limit.PeakBytes() < 0 ? "n/a" : $"{r.Limit.PeakBytes() / (1024.0 * 1024):0} MiB")} of {r.Limit.Bytes / 1024 / 1024} MiB |");
        for (int i = 0; i < r.Incarnations.Count; i++)
        {
            (SoakWorker w, string ended) = r.Incarnations[i];
            t.AppendLine(CultureInfo.InvariantCulture, $"| incarnation {i + 1}: peak RSS; how it ended | {w.PeakRssBytes / (1024.0 * 1024):0} MiB; {ended} |");
        }

        for (int i = 0; i < r.Recoveries.Count; i++)
        {
            (long kill, long restart) = r.Recoveries[i];
            long first = r.Ledger.FirstTimestampFrom(restart);
            t.AppendLine(CultureInfo.InvariantCulture, $"| recovery after kill -9 #{i + 1} (kill to the restarted worker's first decision, restart at once) | {(first < 0 ? "no decision after the restart" : $"{(first - kill) / 1000.0:0.0} s")} |");
        }

        return new Report(t.ToString(), passed);
    }

    /// <summary>What the run observed.</summary>
    internal sealed record Inputs(
        string Command,
        long Messages,
        int Rate,
        int Partitions,
        int HostileEvery,
        MemoryLimit Limit,
        IReadOnlyDictionary<string, string> Env,
        SoakProducer Producer,
        DecisionLedger Ledger,
        long Total,
        long Covered,
        IReadOnlyList<(SoakWorker Worker, string Ended)> Incarnations,
        IReadOnlyList<(long KillMillis, long RestartMillis)> Recoveries,
        int UnexpectedExits,
        TimeSpan Elapsed,
        IReadOnlyList<string> Extra);
}
