namespace ParcelStream.Rules.Feedback;

/// <summary>What a line of feedback statistics counts.</summary>
public enum FeedbackKind : byte
{
    /// <summary>A rule, on parcels that were not picked at random (its hit rate as a selector: precision).</summary>
    Rule,

    /// <summary>A rule, on parcels picked at random (an unbiased sample of what the rule's hits hold).</summary>
    RuleRandom,

    /// <summary>Every parcel picked at random: the unbiased baseline rate of FOUND.</summary>
    Baseline,

    /// <summary>A seller's parcels.</summary>
    Seller,

    /// <summary>A consignor's parcels.</summary>
    Consignor,

    /// <summary>
    /// A seller's parcels picked at random or explored: the seller's own rate of FOUND, unbiased by what made its other
    /// parcels look risky (a seller whose risky-looking parcels are found is not thereby a risky seller).
    /// </summary>
    SellerBaseline,
}
