namespace ParcelStream.Rules.Evaluation;

/// <summary>What a numeric condition compares: a numeric field or a value computed from the manifest.</summary>
internal enum ValueKind : byte
{
    /// <summary>A numeric field as stored (minor units, grams, counts, milliseconds).</summary>
    Field,

    /// <summary>totalValue: totalValueMinor converted to a currency.</summary>
    TotalValue,

    /// <summary>itemValueSum: the sum of the lines' values converted to a currency.</summary>
    ItemValueSum,

    /// <summary>itemValueSumRatio: the sum of the lines' values divided by totalValueMinor.</summary>
    ItemValueSumRatio,

    /// <summary>netWeightSum: the sum of the lines' net weights in grams.</summary>
    NetWeightSum,

    /// <summary>netWeightSumRatio: the sum of the lines' net weights divided by grossWeightGrams.</summary>
    NetWeightSumRatio,

    /// <summary>itemCount: the number of goods lines.</summary>
    ItemCount,

    /// <summary>totalQuantity: the sum of the lines' quantities.</summary>
    TotalQuantity,

    /// <summary>distinctSubheadings: how many different 6-digit HS subheadings the lines have.</summary>
    DistinctSubheadings,

    /// <summary>totalValuePerKg: total value converted to a currency per kilogram of gross weight.</summary>
    TotalValuePerKg,

    /// <summary>value (item): the line's value converted to a currency.</summary>
    ItemValue,

    /// <summary>valuePerUnit (item): the line's value per unit of quantity, converted.</summary>
    ValuePerUnit,

    /// <summary>valuePerKg (item): the line's value per kilogram of net weight, converted.</summary>
    ValuePerKg,

    /// <summary>createdAtOutOfRange: 1 when createdAt lies outside the configured window around the record's time, else 0 (NaN without a record time).</summary>
    CreatedAtOutOfRange,

    /// <summary>sumOverflow: 1 when the lines' values, net weights or quantities add up beyond a 64-bit integer (the schema's long), else 0.</summary>
    SumOverflow,

    /// <summary>sellerRisk: the seller's posterior probability of FOUND from inspection feedback (Beta-Bernoulli).</summary>
    SellerRisk,

    /// <summary>sellerRiskLift: sellerRisk divided by the prior mean (1 = no evidence either way).</summary>
    SellerRiskLift,

    /// <summary>sellerInspections: inspections of the seller's parcels with a result.</summary>
    SellerInspections,

    /// <summary>sellerFindings: inspections of the seller's parcels that found something.</summary>
    SellerFindings,

    /// <summary>consignorRisk: the consignor's posterior probability of FOUND.</summary>
    ConsignorRisk,

    /// <summary>consignorRiskLift: consignorRisk divided by the prior mean.</summary>
    ConsignorRiskLift,

    /// <summary>consignorInspections: inspections of the consignor's parcels with a result.</summary>
    ConsignorInspections,

    /// <summary>consignorFindings: inspections of the consignor's parcels that found something.</summary>
    ConsignorFindings,
}
