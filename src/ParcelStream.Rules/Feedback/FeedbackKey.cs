using System.Diagnostics.CodeAnalysis;

namespace ParcelStream.Rules.Feedback;

/// <summary>
/// What a line of feedback statistics is about, written as text in topics and files: <c>rule:ID</c>,
/// <c>rule-random:ID</c>, <c>baseline</c>, <c>seller:ID</c>, <c>seller-baseline:ID</c>, <c>consignor:HEX</c>.
/// </summary>
/// <param name="Kind">What is counted.</param>
/// <param name="Id">Rule id, seller id or consignor key in hex; empty for the baseline.</param>
public readonly record struct FeedbackKey(FeedbackKind Kind, string Id)
{
    /// <summary>Gets the baseline key.</summary>
    public static FeedbackKey Baseline => new(FeedbackKind.Baseline, string.Empty);

    /// <summary>Gets the text form.</summary>
    /// <returns>E.g. <c>rule:prohibited-goods-hs</c>.</returns>
    public override string ToString() => Kind switch
    {
        FeedbackKind.Rule => "rule:" + Id,
        FeedbackKind.RuleRandom => "rule-random:" + Id,
        FeedbackKind.Baseline => "baseline",
        FeedbackKind.Seller => "seller:" + Id,
        FeedbackKind.SellerBaseline => "seller-baseline:" + Id,
        _ => "consignor:" + Id,
    };

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="key">The key.</param>
    /// <returns>False when the text is not a key.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out FeedbackKey key)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = default;
        if (text == "baseline")
        {
            key = Baseline;
            return true;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        string id = text[(colon + 1)..];
        FeedbackKind? kind = text[..colon] switch
        {
            "rule" => FeedbackKind.Rule,
            "rule-random" => FeedbackKind.RuleRandom,
            "seller" => FeedbackKind.Seller,
            "seller-baseline" => FeedbackKind.SellerBaseline,
            "consignor" when PartyKeys.TryParse(id, out _) => FeedbackKind.Consignor,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        key = new FeedbackKey(kind.Value, id);
        return true;
    }
}
