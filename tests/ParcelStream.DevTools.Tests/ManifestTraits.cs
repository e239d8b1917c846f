using System.Text.RegularExpressions;
using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;
using ParcelStream.Rules.Identifiers;

namespace ParcelStream.DevTools.Tests;

/// <summary>Independent checks of what makes a manifest flawed or risky, written from customs-domain.md rather than from the generator.</summary>
internal static partial class ManifestTraits
{
    private static readonly HashSet<string> s_vague = new(StringComparer.OrdinalIgnoreCase)
    {
        "as ordered", "see invoice", "gift", "gifts", "birthday gift", "consolidated", "general cargo", "parts",
        "accessories", "electronics", "clothing", "e-commerce", "samples", "various", "goods",
    };

    private static readonly string[] s_prohibitedPrefixes = ["93", "24", "3003", "3004", "8506", "8507", "01", "06", "1209", "0507"];

    private static readonly string[] s_placeholders = ["", "unknown", "n/a", "private"];

    public static bool MissingIcs2(ManifestRecord m) =>
        string.IsNullOrEmpty(m.AirWaybill) || s_placeholders.Contains(m.Consignor.Name.Trim().ToLowerInvariant())
        || m.Consignor.AddressLine1.Length == 0 || s_placeholders.Contains(m.Consignee.Name.Trim().ToLowerInvariant())
        || m.Consignee.AddressLine1.Length == 0 || m.Items.Any(i => i.Description.Length == 0) || m.Pieces <= 0 || m.GrossWeightGrams <= 0;

    public static bool Vague(ManifestRecord m) => m.Items.Any(i => s_vague.Contains(i.Description));

    public static bool PostalWithBadS10(ManifestRecord m) => m.OperatorType == OperatorType.Postal && !S10Id.IsValid(m.TrackingNumber);

    public static bool InvalidHs(ManifestRecord m) => m.Items.Any(i => !HsCode().IsMatch(i.HsCode) || i.HsCode.StartsWith("77", StringComparison.Ordinal) || i.HsCode.StartsWith("00", StringComparison.Ordinal) || i.HsCode.StartsWith("99", StringComparison.Ordinal));

    public static bool Prohibited(ManifestRecord m) => m.Items.Any(i => s_prohibitedPrefixes.Any(p => i.HsCode.StartsWith(p, StringComparison.Ordinal)));

    public static bool ValueMismatch(ManifestRecord m) => m.Items.Sum(i => i.ValueMinor) != m.TotalValueMinor;

    public static bool WeightMismatch(ManifestRecord m) => m.GrossWeightGrams > 0 && m.Items.Sum(i => i.NetWeightGrams) > m.GrossWeightGrams;

    public static bool MarketplaceGift(ManifestRecord m) => m.Category == Category.Gift && m.MarketplaceId is not null && m.Items.Any(i => i.Quantity >= 10);

    public static bool BadIoss(ManifestRecord m) => m.IossNumber is not null && !Ioss().IsMatch(m.IossNumber);

    public static bool IossOver(ManifestRecord m) => m.IossNumber is not null && Ioss().IsMatch(m.IossNumber) && EuroCents(m) > 15_000;

    /// <summary>Declared far below what such goods cost: under EUR 40 a unit for goods that sell for EUR 150 and more.</summary>
    public static bool Undervalued(ManifestRecord m) =>
        m.Items.Any(i => s_valuable.Contains(i.Description) && Currencies.ToEuroCents(i.ValueMinor, m.Currency) / Math.Max(1, i.Quantity) < 4_000);

    public static long EuroCents(ManifestRecord m) => Currencies.ToEuroCents(m.TotalValueMinor, m.Currency);

    private static readonly HashSet<string> s_valuable = ["Laptop computer, 14 inch", "Smartphone", "Camera drone", "Digital mirrorless camera", "Leather handbag", "Automatic wristwatch with case of precious metal", "Video game console", "Smartwatch"];

    /// <summary>The flaws found, by the kind that should have caused them (DeniedParty and SplitShipment need context and are checked elsewhere).</summary>
    public static IEnumerable<ManifestKind> Flaws(ManifestRecord m)
    {
        if (MissingIcs2(m))
        {
            yield return ManifestKind.MissingIcs2Data;
        }

        if (Vague(m))
        {
            yield return ManifestKind.VagueDescription;
        }

        if (PostalWithBadS10(m))
        {
            yield return ManifestKind.InvalidS10CheckDigit;
        }

        if (InvalidHs(m))
        {
            yield return ManifestKind.InvalidHsCode;
        }

        if (Prohibited(m))
        {
            yield return ManifestKind.ProhibitedGoods;
        }

        if (Undervalued(m))
        {
            yield return ManifestKind.Undervalued;
        }

        if (ValueMismatch(m))
        {
            yield return ManifestKind.ValueMismatch;
        }

        if (WeightMismatch(m))
        {
            yield return ManifestKind.WeightMismatch;
        }

        if (MarketplaceGift(m))
        {
            yield return ManifestKind.GiftFromMarketplace;
        }

        if (BadIoss(m))
        {
            yield return ManifestKind.InvalidIoss;
        }

        if (IossOver(m))
        {
            yield return ManifestKind.IossOverThreshold;
        }
    }

    [GeneratedRegex(@"^[0-9]{6,10}$")]
    private static partial Regex HsCode();

    [GeneratedRegex(@"^IM[0-9]{10}$")]
    private static partial Regex Ioss();
}
