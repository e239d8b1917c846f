namespace ParcelStream.DevTools.Generation;

/// <summary>What a generated message is: a clean manifest, or which flaw or risk indicator it carries (customs-domain.md sections 2-5).</summary>
public enum ManifestKind
{
    /// <summary>A complete, consistent, low-risk manifest.</summary>
    Clean,

    /// <summary>Bytes that are not a decodable manifest (truncated, trailing bytes, unknown schema, garbage); only from <see cref="ManifestGenerator.NextMessage"/>.</summary>
    Undecodable,

    /// <summary>One element of the ICS2 7+1 data set is missing or a rejected placeholder ("unknown", "n/a").</summary>
    MissingIcs2Data,

    /// <summary>A goods description ICS2 rejects as too vague ("gift", "as ordered", "parts"...).</summary>
    VagueDescription,

    /// <summary>A postal item whose S10 id has a wrong check digit.</summary>
    InvalidS10CheckDigit,

    /// <summary>An HS code that is malformed, too short or names no chapter.</summary>
    InvalidHsCode,

    /// <summary>Prohibited or restricted goods: arms (93), tobacco (24), medicines (3004), lithium batteries (8507), live animals, plants, seeds.</summary>
    ProhibitedGoods,

    /// <summary>A declared value far below the typical value of the goods.</summary>
    Undervalued,

    /// <summary>Item values that do not sum to the declared total.</summary>
    ValueMismatch,

    /// <summary>Item net weights that add up to more than the gross weight.</summary>
    WeightMismatch,

    /// <summary>Commercial goods declared as a gift: category GIFT from a marketplace seller, many identical units.</summary>
    GiftFromMarketplace,

    /// <summary>An IOSS number that is not "IM" followed by 10 digits.</summary>
    InvalidIoss,

    /// <summary>A well-formed IOSS number on a consignment above EUR 150.</summary>
    IossOverThreshold,

    /// <summary>One of 3-5 parcels to one consignee within hours, each under EUR 150, together over it.</summary>
    SplitShipment,

    /// <summary>A consignor or consignee whose name is a watch-list name with typos or changed diacritics.</summary>
    DeniedParty,
}
