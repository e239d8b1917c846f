namespace ParcelStream.Backtest.Analysis;

/// <summary>One rule's hits under each pack, for side-by-side tables.</summary>
/// <param name="RuleId">Rule id.</param>
/// <param name="Code">Reason code.</param>
/// <param name="PerPack">Per pack, its hits, or null when the pack has no such rule.</param>
public sealed record RuleRow(string RuleId, string Code, IReadOnlyList<RuleHits?> PerPack)
{
    /// <summary>Gets a pack's hits, 0 when it has no such rule.</summary>
    /// <param name="pack">The pack's index.</param>
    /// <returns>The hits.</returns>
    public long Hits(int pack) => PerPack[pack]?.Hits ?? 0;

    /// <summary>Joins the packs' rule hits by rule id: the first pack's rules in its order, then rules only later packs have.</summary>
    /// <param name="packs">The packs' results.</param>
    /// <returns>One row per rule id.</returns>
    public static IReadOnlyList<RuleRow> Join(IReadOnlyList<PackResult> packs)
    {
        ArgumentNullException.ThrowIfNull(packs);
        var order = new List<(string Id, string Code)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PackResult pack in packs)
        {
            foreach (RuleHits rule in pack.Rules)
            {
                if (seen.Add(rule.RuleId))
                {
                    order.Add((rule.RuleId, rule.Code));
                }
            }
        }

        var byPack = packs.Select(p => p.Rules.ToDictionary(r => r.RuleId, StringComparer.Ordinal)).ToArray();
        return [.. order.Select(r => new RuleRow(r.Id, r.Code, [.. byPack.Select(d => d.GetValueOrDefault(r.Id))]))];
    }
}
