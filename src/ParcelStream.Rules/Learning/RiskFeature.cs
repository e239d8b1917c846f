namespace ParcelStream.Rules.Learning;

/// <summary>
/// The learned model's inputs, in vector order (docs/learned-risk.md lists each with its definition). A model names its
/// features at training; a model whose names differ from these is rejected at load, so the order can change only with
/// a retrained model. Every value is at least 0; <see cref="RiskFeatures.Missing"/> (-1) marks a value that cannot be
/// computed (an unknown HS code, no history), so trees can route it on its own.
/// </summary>
public enum RiskFeature
{
    /// <summary>Total declared value in the pack's base currency (EUR).</summary>
    TotalValue,

    /// <summary>Gross weight in kilograms.</summary>
    GrossWeightKg,

    /// <summary>Total declared value per kilogram of gross weight.</summary>
    ValuePerKg,

    /// <summary>Number of goods lines.</summary>
    LineCount,

    /// <summary>Units over all lines.</summary>
    TotalQuantity,

    /// <summary>Units of the line with the most.</summary>
    MaxLineQuantity,

    /// <summary>Lowest line value per kg over its HS6 median (learned from the history).</summary>
    ValuePerKgRatio,

    /// <summary>Lowest line value per unit over its HS6 median.</summary>
    ValuePerUnitRatio,

    /// <summary>Highest line net weight per unit over its HS6 median.</summary>
    WeightPerUnitRatio,

    /// <summary>Gross weight over the sum of the lines' net weights.</summary>
    GrossOverNet,

    /// <summary>HS chapter (2 digits) of the most valuable line.</summary>
    HsChapter,

    /// <summary>HS heading (4 digits) of the most valuable line.</summary>
    HsHeading,

    /// <summary>HS sub-heading (6 digits) of the most valuable line.</summary>
    HsSubheading,

    /// <summary>Departure country (two letters as a number).</summary>
    DepartureCountry,

    /// <summary>Origin country of the most valuable line.</summary>
    OriginCountry,

    /// <summary>Destination country.</summary>
    DestinationCountry,

    /// <summary>Operator type (postal or express).</summary>
    OperatorType,

    /// <summary>Transport mode.</summary>
    TransportMode,

    /// <summary>Declared category (sale, gift, sample...).</summary>
    Category,

    /// <summary>1 when a marketplace is named, else 0.</summary>
    HasMarketplace,

    /// <summary>1 when an IOSS number is given, else 0.</summary>
    HasIoss,

    /// <summary>FOUND rate of the departure-destination route in the history, smoothed towards the base rate.</summary>
    RouteFoundRate,

    /// <summary>FOUND rate of the operator (code) in the history, smoothed.</summary>
    OperatorFoundRate,

    /// <summary>FOUND rate of the most valuable line's HS sub-heading in the history, smoothed.</summary>
    HsFoundRate,

    /// <summary>Share of the description words that the history has seen under the line's HS chapter (lowest over lines).</summary>
    DescriptionFit,

    /// <summary>Highest smoothed FOUND rate of a description word.</summary>
    WordFoundRate,

    /// <summary>Description words over all lines.</summary>
    WordCount,

    /// <summary>The seller's posterior probability of FOUND (feedback statistics).</summary>
    SellerRisk,

    /// <summary>Inspections of the seller's parcels with a result.</summary>
    SellerInspected,

    /// <summary>The consignor's posterior probability of FOUND.</summary>
    ConsignorRisk,

    /// <summary>Inspections of the consignor's parcels with a result.</summary>
    ConsignorInspected,

    /// <summary>The seller's posterior probability of FOUND on its random and explored parcels only (unbiased by why its other parcels were picked).</summary>
    SellerBaselineRisk,

    /// <summary>Random and explored inspections of the seller's parcels with a result.</summary>
    SellerBaselineInspected,

    /// <summary>First of <see cref="RiskFeatures.WordBuckets"/> hashed description-word counts (the others follow).</summary>
    WordBucket0,
}
