using System.Runtime.CompilerServices;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Rules.Evaluation;

/// <summary>A numeric value of the manifest: a field, or a computed value, money converted to a target currency.</summary>
internal sealed class ValueSource(ValueKind kind, FieldRef source, double targetRate)
{
    /// <summary>Gets the kind.</summary>
    public ValueKind Kind { get; } = kind;

    /// <summary>Gets a value indicating whether the value belongs to a goods line.</summary>
    public bool IsItem => Kind is ValueKind.ItemValue or ValueKind.ValuePerUnit or ValueKind.ValuePerKg || (Kind == ValueKind.Field && source.IsItem);

    /// <summary>Tells whether a kind is an amount of money.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>True for amounts.</returns>
    public static bool IsMoneyKind(ValueKind kind) => kind is ValueKind.TotalValue or ValueKind.ItemValueSum or ValueKind.TotalValuePerKg
        or ValueKind.ItemValue or ValueKind.ValuePerUnit or ValueKind.ValuePerKg;

    /// <summary>Computes the value; NaN when it cannot be (unknown currency, division by zero), which fails every comparison.</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>The value.</returns>
    public double Get(ref EvalContext ctx)
    {
        ManifestView m = ctx.Manifest;
        switch (Kind)
        {
            case ValueKind.Field:
                return source.Number(ref ctx);
            case ValueKind.TotalValue:
                return TotalMoney(ref ctx);
            case ValueKind.ItemValueSum:
                return Money(ref ctx, Sum(m, ItemField.ValueMinor));
            case ValueKind.ItemValueSumRatio:
                return GetItemValueSumRatio(ref ctx);
            case ValueKind.NetWeightSum:
                return Sum(m, ItemField.NetWeightGrams);
            case ValueKind.NetWeightSumRatio:
                return GetNetWeightSumRatio(ref ctx);
            case ValueKind.ItemCount:
                return m.ItemCount;
            case ValueKind.TotalQuantity:
                return Sum(m, ItemField.Quantity);
            case ValueKind.DistinctSubheadings:
                return DistinctSubheadings(m);
            case ValueKind.TotalValuePerKg:
                return m.GrossWeightGrams > 0 ? TotalMoney(ref ctx) * 1000.0 / m.GrossWeightGrams : double.NaN;
            case ValueKind.CreatedAtOutOfRange:
                return ctx.CreatedAtOutOfRange;
            case ValueKind.SumOverflow:
                return SumOverflow(m);
            case >= ValueKind.SellerRisk:
                return GetHistory(ref ctx);
            case ValueKind.ItemValue:
                return Money(ref ctx, m.GetItemInt64(ctx.Item, ItemField.ValueMinor));
            case ValueKind.ValuePerUnit:
                return GetValuePerUnit(ref ctx);
            default:
                return GetValuePerKg(ref ctx);
        }
    }

    // One method per kind for the kinds the default pack compares most: compiled rules call them directly (see
    // RuleProgram.Compile), without the switch of Get, which calls the same methods.

    /// <summary>itemValueSumRatio: the lines' values over totalValue.</summary>
    public static double GetItemValueSumRatio(ref EvalContext ctx) => Ratio(Sum(ctx.Manifest, ItemField.ValueMinor), ctx.Manifest.TotalValueMinor);

    /// <summary>netWeightSumRatio: the lines' net weights over the gross weight.</summary>
    public static double GetNetWeightSumRatio(ref EvalContext ctx) => Ratio(Sum(ctx.Manifest, ItemField.NetWeightGrams), ctx.Manifest.GrossWeightGrams);

    /// <summary>valuePerUnit of the current line, in the target currency.</summary>
    public double GetValuePerUnit(ref EvalContext ctx)
    {
        ManifestView m = ctx.Manifest;
        long quantity = m.GetItemInt64(ctx.Item, ItemField.Quantity);
        return quantity > 0 ? Money(ref ctx, m.GetItemInt64(ctx.Item, ItemField.ValueMinor)) / quantity : double.NaN;
    }

    /// <summary>valuePerKg of the current line, in the target currency.</summary>
    public double GetValuePerKg(ref EvalContext ctx)
    {
        ManifestView m = ctx.Manifest;
        long grams = m.GetItemInt64(ctx.Item, ItemField.NetWeightGrams);
        return grams > 0 ? Money(ref ctx, m.GetItemInt64(ctx.Item, ItemField.ValueMinor)) * 1000.0 / grams : double.NaN;
    }

    /// <summary>A feedback feature (the kinds from sellerRisk on).</summary>
    public double GetHistory(ref EvalContext ctx) => History(ctx.History, Kind);

    /// <summary>The feedback features: NaN (every comparison false) when the evaluation has no feedback statistics.</summary>
    private static double History(in RiskHistory h, ValueKind kind)
    {
        if (!h.IsKnown)
        {
            return double.NaN;
        }

        return kind switch
        {
            ValueKind.SellerRisk => h.SellerRisk,
            ValueKind.SellerRiskLift => h.SellerRisk / h.PriorMean,
            ValueKind.SellerInspections => h.SellerInspected,
            ValueKind.SellerFindings => h.SellerFound,
            ValueKind.ConsignorRisk => h.ConsignorRisk,
            ValueKind.ConsignorRiskLift => h.ConsignorRisk / h.PriorMean,
            ValueKind.ConsignorInspections => h.ConsignorInspected,
            _ => h.ConsignorFound,
        };
    }

    /// <summary>
    /// Sums a field over the lines exactly: 128 bits hold the sum of any number of 64-bit values the decoder accepts
    /// (issue 13: four lines of 2^62 wrapped around in 64 bits to pass for a total of 900).
    /// </summary>
    private static Int128 ExactSum(ManifestView m, ItemField field)
    {
        Int128 sum = 0;
        for (int i = 0; i < m.ItemCount; i++)
        {
            sum += m.GetItemInt64(i, field);
        }

        return sum;
    }

    /// <summary>The exact sum, rounded to the nearest double (exact below 2^53).</summary>
    private static double Sum(ManifestView m, ItemField field) => (double)ExactSum(m, field);

    /// <summary>sumOverflow: 1 when a sum of the lines' values, net weights or quantities does not fit the schema's 64-bit long.</summary>
    private static double SumOverflow(ManifestView m) =>
        OutsideInt64(ExactSum(m, ItemField.ValueMinor)) || OutsideInt64(ExactSum(m, ItemField.NetWeightGrams)) || OutsideInt64(ExactSum(m, ItemField.Quantity)) ? 1 : 0;

    private static bool OutsideInt64(Int128 value) => value > long.MaxValue || value < long.MinValue;

    private static double Ratio(double part, long whole) => whole > 0 ? part / whole : part == 0 ? 1.0 : double.PositiveInfinity;

    internal static int DistinctSubheadings(ManifestView m)
    {
        int distinct = 0;
        for (int i = 0; i < m.ItemCount; i++)
        {
            ReadOnlySpan<byte> code = Subheading(m.GetItemString(i, ItemField.HsCode));
            bool seen = false;
            for (int j = 0; j < i && !seen; j++)
            {
                seen = code.SequenceEqual(Subheading(m.GetItemString(j, ItemField.HsCode)));
            }

            distinct += seen ? 0 : 1;
        }

        return distinct;
    }

    private static ReadOnlySpan<byte> Subheading(ReadOnlySpan<byte> code) => code.Length > 6 ? code[..6] : code;

    /// <summary>Computes the value like <see cref="Get"/>, with totalValue (the most compared value) inline in the caller.</summary>
    /// <param name="ctx">The evaluation.</param>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double GetInline(ref EvalContext ctx) => Kind == ValueKind.TotalValue ? TotalMoney(ref ctx) : Get(ref ctx);

    /// <summary>totalValue in the target currency from the per-evaluation values: the same operations as <see cref="Money"/>, in the same order, so the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double TotalMoney(ref EvalContext ctx) => ctx.CurrencyRate == targetRate ? ctx.TotalValueMajor : ctx.TotalValueInBase * targetRate;

    /// <summary>Converts minor units of the manifest's currency to the target currency; exact when they are the same currency.</summary>
    private double Money(ref EvalContext ctx, double minor)
    {
        double major = minor / ctx.CurrencyScale;
        return ctx.CurrencyRate == targetRate ? major : major / ctx.CurrencyRate * targetRate;
    }
}
