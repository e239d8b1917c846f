using System.Runtime.CompilerServices;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;
using ParcelStream.Rules.Text;

namespace ParcelStream.Rules.Learning;

/// <summary>
/// Computes the learned model's feature vector from a decoded manifest, its inspection history and the model's norms:
/// the same code at training (ParcelStream.Learning) and at decision time, so the two cannot drift. Allocates nothing.
/// </summary>
public static class RiskFeatures
{
    /// <summary>The value of a feature that cannot be computed (every real value is at least 0).</summary>
    public const float Missing = -1f;

    /// <summary>How many hashed description-word buckets follow <see cref="RiskFeature.WordBucket0"/>.</summary>
    public const int WordBuckets = 16;

    /// <summary>The length of the feature vector.</summary>
    public const int Count = (int)RiskFeature.WordBucket0 + WordBuckets;

    /// <summary>Words read per goods line: a description is short; a pathological one costs no more than this.</summary>
    public const int MaxWordsPerLine = 32;

    private const int MinWordLength = 2;

    private static readonly string[] s_names = BuildNames();

    /// <summary>Gets the feature names in vector order (the model file lists them; they must match at load).</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>Gets the name of one feature.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <returns>The name, e.g. <c>ValuePerKgRatio</c> or <c>WordBucket7</c>.</returns>
    public static string NameOf(int index) => s_names[index];

    /// <summary>Computes the features of <paramref name="manifest"/>.</summary>
    /// <param name="manifest">The decoded manifest.</param>
    /// <param name="history">The seller's and consignor's inspection history (default: unknown).</param>
    /// <param name="norms">The model's reference tables.</param>
    /// <param name="toBase">What a minor-unit amount of the manifest's currency is multiplied by to give the pack's base currency (NaN: unknown currency).</param>
    /// <param name="features">At least <see cref="Count"/> values; filled.</param>
    public static void Compute(ManifestView manifest, in RiskHistory history, FeatureNorms norms, double toBase, Span<float> features)
    {
        features = features[..Count];
        features.Clear();
        double total = manifest.TotalValueMinor * toBase;
        double grossKg = manifest.GrossWeightGrams / 1000.0;
        features[(int)RiskFeature.TotalValue] = Value(total);
        features[(int)RiskFeature.GrossWeightKg] = Value(grossKg);
        features[(int)RiskFeature.ValuePerKg] = grossKg > 0 ? Value(total / grossKg) : Missing;
        features[(int)RiskFeature.LineCount] = manifest.ItemCount;
        features[(int)RiskFeature.DepartureCountry] = Country(manifest.DepartureCountry);
        features[(int)RiskFeature.DestinationCountry] = Country(manifest.DestinationCountry);
        features[(int)RiskFeature.OperatorType] = (float)manifest.OperatorType;
        features[(int)RiskFeature.TransportMode] = (float)manifest.TransportMode;
        features[(int)RiskFeature.Category] = (float)manifest.Category;
        features[(int)RiskFeature.HasMarketplace] = Utf8Set.HasNonSpace(manifest.GetString(ManifestField.MarketplaceId)) ? 1 : 0;
        features[(int)RiskFeature.HasIoss] = Utf8Set.HasNonSpace(manifest.GetString(ManifestField.IossNumber)) ? 1 : 0;
        features[(int)RiskFeature.RouteFoundRate] = Lookup(norms.Routes, RouteKey(manifest.DepartureCountry, manifest.DestinationCountry));
        features[(int)RiskFeature.OperatorFoundRate] = Lookup(norms.Operators, OperatorKey(manifest.GetString(ManifestField.OperatorCode)));

        Lines(manifest, norms, toBase, features);

        features[(int)RiskFeature.SellerRisk] = history.IsKnown ? (float)history.SellerRisk : Missing;
        features[(int)RiskFeature.SellerInspected] = history.IsKnown ? history.SellerInspected : Missing;
        features[(int)RiskFeature.ConsignorRisk] = history.IsKnown ? (float)history.ConsignorRisk : Missing;
        features[(int)RiskFeature.ConsignorInspected] = history.IsKnown ? history.ConsignorInspected : Missing;
        features[(int)RiskFeature.SellerBaselineRisk] = history.IsKnown ? (float)history.SellerBaselineRisk : Missing;
        features[(int)RiskFeature.SellerBaselineInspected] = history.IsKnown ? history.SellerBaselineInspected : Missing;
    }

    /// <summary>Gets the line with the highest declared value (the first of equals): the parcel's main goods.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The line, or -1 when there is none.</returns>
    public static int MainLine(ManifestView manifest)
    {
        int main = -1;
        long best = long.MinValue;
        for (int i = 0; i < manifest.ItemCount; i++)
        {
            long value = manifest.GetItemInt64(i, ItemField.ValueMinor);
            if (value > best)
            {
                best = value;
                main = i;
            }
        }

        return main;
    }

    /// <summary>Gets the HS sub-heading of a line as a number (e.g. 851762), or -1 when the code has fewer than 6 leading digits.</summary>
    /// <param name="hsCode">The line's HS code.</param>
    /// <returns>The number or -1.</returns>
    public static int Hs6(ReadOnlySpan<byte> hsCode)
    {
        if (hsCode.Length < 6)
        {
            return -1;
        }

        int n = 0;
        for (int i = 0; i < 6; i++)
        {
            int digit = hsCode[i] - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }

            n = (n * 10) + digit;
        }

        return n;
    }

    /// <summary>Gets the key of a route: both countries' letters in one number, or -1 when either is not two letters.</summary>
    /// <param name="departure">Departure country code.</param>
    /// <param name="destination">Destination country code.</param>
    /// <returns>The key.</returns>
    public static int RouteKey(ReadOnlySpan<byte> departure, ReadOnlySpan<byte> destination)
    {
        float from = Country(departure), to = Country(destination);
        return from < 0 || to < 0 ? -1 : ((int)from << 16) | (int)to;
    }

    /// <summary>Gets the key of an operator code (a stable 64-bit hash of its bytes).</summary>
    /// <param name="code">The operator code.</param>
    /// <returns>The key.</returns>
    public static ulong OperatorKey(ReadOnlySpan<byte> code) => StableHash.Finish(StableHash.Add(StableHash.Start, code));

    /// <summary>Calls <paramref name="visitor"/> for each description word of a line (lower-cased ASCII letters and digits, other bytes as they are), at most <see cref="MaxWordsPerLine"/>.</summary>
    /// <typeparam name="TVisitor">The visitor; a struct, so the call is inlined.</typeparam>
    /// <param name="description">The line's description.</param>
    /// <param name="visitor">Receives each word's hash.</param>
    public static void Words<TVisitor>(ReadOnlySpan<byte> description, ref TVisitor visitor)
        where TVisitor : struct, IWordVisitor, allows ref struct
    {
        ReadOnlySpan<byte> table = TextFolder.AsciiTable;
        ulong hash = StableHash.Start;
        int length = 0, words = 0;
        for (int i = 0; i <= description.Length && words < MaxWordsPerLine; i++)
        {
            byte folded = i == description.Length ? TextFolder.Separator : description[i] < 0x80 ? table[description[i]] : description[i];
            if (folded == TextFolder.Skip)
            {
                continue;
            }

            if (folded != TextFolder.Separator)
            {
                hash = StableHash.Add(hash, folded);
                length++;
                continue;
            }

            if (length >= MinWordLength)
            {
                visitor.Visit(StableHash.Finish(hash));
                words++;
            }

            hash = StableHash.Start;
            length = 0;
        }
    }

    /// <summary>Gets the two letters of a country code as a number, or <see cref="Missing"/>.</summary>
    /// <param name="code">The code.</param>
    /// <returns>(first letter &lt;&lt; 8) | second, upper case.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Country(ReadOnlySpan<byte> code)
    {
        if (code.Length != 2 || !char.IsAsciiLetter((char)code[0]) || !char.IsAsciiLetter((char)code[1]))
        {
            return Missing;
        }

        return ((code[0] & ~0x20) << 8) | (code[1] & ~0x20);
    }

    private static void Lines(ManifestView manifest, FeatureNorms norms, double toBase, Span<float> features)
    {
        int main = MainLine(manifest);
        double quantity = 0, netKg = 0, maxQuantity = 0;
        float perKg = float.PositiveInfinity, perUnit = float.PositiveInfinity, weightPerUnit = Missing, fit = float.PositiveInfinity;
        var words = new WordScan(norms, features.Slice((int)RiskFeature.WordBucket0, WordBuckets));
        for (int i = 0; i < manifest.ItemCount; i++)
        {
            long units = Math.Max(1, manifest.GetItemInt64(i, ItemField.Quantity));
            double lineKg = manifest.GetItemInt64(i, ItemField.NetWeightGrams) / 1000.0;
            double value = manifest.GetItemInt64(i, ItemField.ValueMinor) * toBase;
            quantity += units;
            netKg += lineKg;
            maxQuantity = Math.Max(maxQuantity, units);
            ReadOnlySpan<byte> hsCode = manifest.GetItemString(i, ItemField.HsCode);
            int hs6 = Hs6(hsCode);
            if (hs6 >= 0 && norms.Hs.TryGetValue(hs6, out HsNorm norm))
            {
                if (lineKg > 0 && norm.ValuePerKg > 0)
                {
                    perKg = Math.Min(perKg, Value(value / lineKg / norm.ValuePerKg));
                }

                if (norm.ValuePerUnit > 0)
                {
                    perUnit = Math.Min(perUnit, Value(value / units / norm.ValuePerUnit));
                }

                if (norm.WeightPerUnit > 0)
                {
                    weightPerUnit = Math.Max(weightPerUnit, Value(lineKg / units / norm.WeightPerUnit));
                }
            }

            words.Chapter = hs6 >= 0 ? hs6 / 10000 : -1;
            words.Known = words.Fitting = 0;
            Words(manifest.GetItemString(i, ItemField.Description), ref words);
            if (words.Known > 0 && words.Chapter > 0)
            {
                fit = Math.Min(fit, (float)words.Fitting / words.Known);
            }

            if (i == main)
            {
                features[(int)RiskFeature.HsChapter] = hs6 >= 0 ? hs6 / 10000 : Missing;
                features[(int)RiskFeature.HsHeading] = hs6 >= 0 ? hs6 / 100 : Missing;
                features[(int)RiskFeature.HsSubheading] = hs6 >= 0 ? hs6 : Missing;
                features[(int)RiskFeature.OriginCountry] = Country(manifest.GetItemString(i, ItemField.OriginCountry));
                features[(int)RiskFeature.HsFoundRate] = hs6 >= 0 && norms.Hs.TryGetValue(hs6, out HsNorm mainNorm) ? mainNorm.FoundRate : Missing;
            }
        }

        if (main < 0)
        {
            features[(int)RiskFeature.HsChapter] = features[(int)RiskFeature.HsHeading] = features[(int)RiskFeature.HsSubheading] = Missing;
            features[(int)RiskFeature.OriginCountry] = features[(int)RiskFeature.HsFoundRate] = Missing;
        }

        features[(int)RiskFeature.TotalQuantity] = (float)quantity;
        features[(int)RiskFeature.MaxLineQuantity] = (float)maxQuantity;
        features[(int)RiskFeature.GrossOverNet] = netKg > 0 ? Value(manifest.GrossWeightGrams / 1000.0 / netKg) : Missing;
        features[(int)RiskFeature.ValuePerKgRatio] = float.IsPositiveInfinity(perKg) ? Missing : perKg;
        features[(int)RiskFeature.ValuePerUnitRatio] = float.IsPositiveInfinity(perUnit) ? Missing : perUnit;
        features[(int)RiskFeature.WeightPerUnitRatio] = weightPerUnit;
        features[(int)RiskFeature.DescriptionFit] = float.IsPositiveInfinity(fit) ? Missing : fit;
        features[(int)RiskFeature.WordFoundRate] = words.HighestRate;
        features[(int)RiskFeature.WordCount] = words.Count;
    }

    private static float Lookup<TKey>(System.Collections.Frozen.FrozenDictionary<TKey, float> table, TKey key)
        where TKey : notnull => table.TryGetValue(key, out float rate) ? rate : Missing;

    /// <summary>A finite, non-negative float of a computed double (negative or not finite: missing).</summary>
    private static float Value(double value) => double.IsFinite(value) && value >= 0 ? (float)Math.Min(value, float.MaxValue) : Missing;

    private static string[] BuildNames()
    {
        var names = new string[Count];
        for (int i = 0; i < (int)RiskFeature.WordBucket0; i++)
        {
            names[i] = ((RiskFeature)i).ToString();
        }

        for (int b = 0; b < WordBuckets; b++)
        {
            names[(int)RiskFeature.WordBucket0 + b] = "WordBucket" + b.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return names;
    }

    /// <summary>Counts a line's words into the buckets and against the norms.</summary>
    private ref struct WordScan(FeatureNorms norms, Span<float> buckets) : IWordVisitor
    {
        private readonly Span<float> _buckets = buckets;

        public int Chapter;
        public int Known;
        public int Fitting;
        public int Count;
        public float HighestRate = Missing;

        public void Visit(ulong word)
        {
            Count++;
            _buckets[(int)(word % WordBuckets)]++;
            if (norms.Words.TryGetValue(word, out WordNorm norm))
            {
                Known++;
                if (Chapter > 0 && norm.Has(Chapter))
                {
                    Fitting++;
                }

                HighestRate = Math.Max(HighestRate, norm.FoundRate);
            }
        }
    }
}
