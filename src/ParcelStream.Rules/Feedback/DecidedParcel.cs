using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Feedback;

/// <summary>
/// What feedback needs to know of a decision to attribute an inspection result: the rules that hit, whether the parcel
/// was picked at random, the seller and the consignor.
/// </summary>
/// <param name="ManifestId">The manifest's id.</param>
/// <param name="RuleIds">Ids of the rules that hit (engine reasons included, the random selection excluded).</param>
/// <param name="RandomSelection">Whether the parcel was picked at random (the unbiased baseline).</param>
/// <param name="SellerId">The seller id, or empty.</param>
/// <param name="ConsignorKey">The consignor key (<see cref="PartyKeys.Consignor(ManifestView)"/>), 0 when none.</param>
/// <param name="Outcome">The outcome decided.</param>
/// <param name="DecidedAtMillis">When it was decided, UTC milliseconds.</param>
public sealed record DecidedParcel(string ManifestId, IReadOnlyList<string> RuleIds, bool RandomSelection, string SellerId, ulong ConsignorKey, Outcome Outcome, long DecidedAtMillis)
{
    /// <summary>Rule id of the engine's random selection.</summary>
    public const string RandomSelectionRuleId = "engine.random-selection";

    /// <summary>Rule id of the exploration an active learned model makes.</summary>
    public const string ExplorationRuleId = "engine.exploration";

    private static readonly byte[] s_randomSelection = Encoding.UTF8.GetBytes(RandomSelectionRuleId);

    /// <summary>Gets the statistics lines an inspection result of this parcel counts in.</summary>
    public IEnumerable<FeedbackKey> Keys
    {
        get
        {
            FeedbackKind kind = RandomSelection ? FeedbackKind.RuleRandom : FeedbackKind.Rule;
            foreach (string rule in RuleIds)
            {
                yield return new FeedbackKey(kind, rule);
            }

            if (RandomSelection)
            {
                yield return FeedbackKey.Baseline;
            }

            if (SellerId.Length > 0)
            {
                yield return new FeedbackKey(FeedbackKind.Seller, SellerId);
                if (RandomSelection || RuleIds.Contains(ExplorationRuleId))
                {
                    yield return new FeedbackKey(FeedbackKind.SellerBaseline, SellerId);
                }
            }

            if (ConsignorKey != 0)
            {
                yield return new FeedbackKey(FeedbackKind.Consignor, PartyKeys.Format(ConsignorKey));
            }
        }
    }

    /// <summary>Takes what feedback needs from a manifest and its decision.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="decision">Its decision.</param>
    /// <returns>The parcel.</returns>
    public static DecidedParcel From(ManifestView manifest, CustomsDecision decision)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(decision);
        bool random = false;
        var rules = new List<string>(decision.ReasonCount);
        for (int i = 0; i < decision.ReasonCount; i++)
        {
            ReadOnlySpan<byte> id = decision.ReasonRuleId(i);
            if (id.SequenceEqual(s_randomSelection))
            {
                random = true;
            }
            else
            {
                string text = Encoding.UTF8.GetString(id);
                if (!rules.Contains(text))
                {
                    rules.Add(text);
                }
            }
        }

        return new DecidedParcel(
            Encoding.UTF8.GetString(decision.ManifestId),
            rules,
            random,
            Encoding.UTF8.GetString(manifest.GetString(ManifestField.SellerId).Trim((byte)' ')),
            PartyKeys.Consignor(manifest),
            decision.Outcome,
            decision.DecidedAtMillis);
    }
}
