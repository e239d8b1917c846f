using System.Text;
using ParcelStream.Rules;

namespace ParcelStream.Backtest.Replay;

/// <summary>
/// The reasons a pack can give, numbered: its rules in evaluation order, then the engine's own reasons, then one
/// catch-all for ids it does not know. Finds a reason's number from its UTF-8 rule id without allocating.
/// </summary>
internal sealed class RuleCatalog
{
    private static readonly (string Id, string Code)[] s_engineReasons =
    [
        ("engine.risk-score", "RISK_SCORE"),
        ("engine.escalation", "RISK_SCORE"),
        ("engine.random-selection", "RANDOM_SELECTION"),
        ("engine.capacity-top-up", "CAPACITY_TOP_UP"),
        ("engine.model", "MODEL_RISK"),
        ("engine.exploration", "EXPLORATION"),
    ];

    private readonly byte[][] _ids;

    /// <summary>Initializes the catalog of a pack.</summary>
    /// <param name="pack">The pack.</param>
    public RuleCatalog(RulePack pack)
        : this(pack.GetRuleHits().Select(h => (h.RuleId, h.Code)))
    {
    }

    /// <summary>Initializes a catalog from rule ids and codes in evaluation order.</summary>
    /// <param name="rules">The pack's rules.</param>
    public RuleCatalog(IEnumerable<(string Id, string Code)> rules)
    {
        (string Id, string Code)[] all = [.. rules, .. s_engineReasons, ("(other)", "(other)")];
        Ids = [.. all.Select(r => r.Id)];
        Codes = [.. all.Select(r => r.Code)];
        _ids = [.. Ids.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>Gets the number of entries, the catch-all included.</summary>
    public int Count => _ids.Length;

    /// <summary>Gets the rule ids by number.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Gets the reason codes by number.</summary>
    public IReadOnlyList<string> Codes { get; }

    /// <summary>
    /// Finds a rule id's number. Reasons come in evaluation order, so the search starts at <paramref name="cursor"/>
    /// (where the previous reason of the same decision was found) and usually stops at once.
    /// </summary>
    /// <param name="ruleId">UTF-8 rule id.</param>
    /// <param name="cursor">Where to start; moved past the entry found.</param>
    /// <returns>The number; the catch-all's for an unknown id.</returns>
    public int IndexOf(ReadOnlySpan<byte> ruleId, ref int cursor)
    {
        int last = _ids.Length - 1;
        for (int n = 0; n < last; n++)
        {
            int i = cursor + n;
            if (i >= last)
            {
                i -= last;
            }

            if (ruleId.SequenceEqual(_ids[i]))
            {
                cursor = i + 1;
                return i;
            }
        }

        return last;
    }
}
