using System.Collections.Concurrent;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Feedback;

/// <summary>
/// Seller and consignor inspection history as the decision hot path reads it: looked up by 64-bit party key without
/// allocating, from any number of threads, while one thread (the statistics reader) updates it.
/// </summary>
public sealed class RiskHistoryTable
{
    private readonly ConcurrentDictionary<ulong, FeedbackCounts> _sellers = new();
    private readonly ConcurrentDictionary<ulong, FeedbackCounts> _consignors = new();
    private readonly ConcurrentDictionary<ulong, FeedbackCounts> _sellerBaselines = new();
    private readonly RiskHistoryOptions _options;
    private readonly RiskPrior _configured;
    private RiskPriorBox _prior;

    /// <summary>Initializes an empty table.</summary>
    /// <param name="options">The prior.</param>
    /// <exception cref="InvalidOperationException">An option is out of range (the message names its key).</exception>
    public RiskHistoryTable(RiskHistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _configured = options.ConfiguredPrior();
        _prior = new RiskPriorBox(Prior(default));
    }

    /// <summary>Gets the prior in use.</summary>
    public RiskPrior CurrentPrior => Volatile.Read(ref _prior).Value;

    /// <summary>Gets the number of sellers with history.</summary>
    public int Sellers => _sellers.Count;

    /// <summary>Gets the number of consignors with history.</summary>
    public int Consignors => _consignors.Count;

    /// <summary>Gets the history of a manifest's seller and consignor, with the prior in use. Allocates nothing.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The history.</returns>
    public RiskHistory Lookup(ManifestView manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Lookup(PartyKeys.Seller(manifest.GetString(ManifestField.SellerId)), PartyKeys.Consignor(manifest));
    }

    /// <summary>Gets the history of a seller and a consignor, with the prior in use.</summary>
    /// <param name="seller">Seller key (0 for none).</param>
    /// <param name="consignor">Consignor key (0 for none).</param>
    /// <returns>The history.</returns>
    public RiskHistory Lookup(ulong seller, ulong consignor)
    {
        FeedbackCounts s = seller != 0 ? _sellers.GetValueOrDefault(seller) : default;
        FeedbackCounts c = consignor != 0 ? _consignors.GetValueOrDefault(consignor) : default;
        FeedbackCounts b = seller != 0 ? _sellerBaselines.GetValueOrDefault(seller) : default;
        RiskPrior prior = CurrentPrior;
        return new RiskHistory(s.Found, s.Inspected, c.Found, c.Inspected, prior.Alpha, prior.Beta, b.Found, b.Inspected);
    }

    /// <summary>Sets a seller's (all results, or those of its random and explored parcels) or consignor's totals, or the random baseline (other kinds are ignored).</summary>
    /// <param name="key">The line.</param>
    /// <param name="counts">Its totals.</param>
    public void Set(FeedbackKey key, FeedbackCounts counts)
    {
        switch (key.Kind)
        {
            case FeedbackKind.Seller:
                _sellers[PartyKeys.Seller(key.Id)] = counts;
                break;
            case FeedbackKind.SellerBaseline:
                _sellerBaselines[PartyKeys.Seller(key.Id)] = counts;
                break;
            case FeedbackKind.Consignor when PartyKeys.TryParse(key.Id, out ulong consignor):
                _consignors[consignor] = counts;
                break;
            case FeedbackKind.Baseline:
                Volatile.Write(ref _prior, new RiskPriorBox(Prior(counts)));
                break;
            default:
                break;
        }
    }

    private RiskPrior Prior(FeedbackCounts baseline) =>
        _options.PriorFromRandomBaseline ? RiskPrior.FromBaseline(baseline, _options.PriorStrength, _configured) : _configured;

    // A reference, so that readers see alpha and beta of the same prior (a 16-byte struct is not written atomically).
    private sealed record RiskPriorBox(RiskPrior Value);
}
