namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// The kinds of non-compliance the targeting simulator's world plants (docs/simulation.md), each designed from a risk
/// indicator of customs-domain.md section 5 and each with a different signal for the engine to learn from.
/// </summary>
public enum PlantedPattern
{
    /// <summary>Compliant: nothing planted.</summary>
    None,

    /// <summary>A counterfeiting seller's parcel: nothing in the manifest shows it, only the seller's and consignor's inspection history.</summary>
    SellerHistory,

    /// <summary>Goods far heavier than declared goods weigh (concealment), on a few origin / operator / destination routes: visible only in combination.</summary>
    ConcealmentRoute,

    /// <summary>A goods line declared at 0.1 to 0.3 times the typical value per unit of its HS code: visible in the values.</summary>
    Undervaluation,

    /// <summary>A description that does not fit its HS code, or hints at counterfeits ("replica", "AAA quality"): visible in the text.</summary>
    Misdescription,

    /// <summary>Commercial goods from a marketplace seller declared as a gift, many identical units: visible in category, seller and quantity.</summary>
    GiftMisdeclared,

    /// <summary>Non-compliant at random with nothing observable: only random inspection finds it.</summary>
    NoSignal,
}
