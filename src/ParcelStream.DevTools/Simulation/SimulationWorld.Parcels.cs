using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>One parcel: a clean manifest from a seller to a consignee, then the planted pattern, if any.</summary>
public sealed partial class SimulationWorld
{
    /// <summary>Largest EUR total a parcel with an IOSS number gets: a margin under EUR 150 that rounding cannot cross.</summary>
    private const long IossCeilingCents = 14_500;

    /// <summary>Largest value per line of a private gift, in EUR cents (the EUR 45 gift relief).</summary>
    private const int GiftCeilingCents = 4_500;

    private ParcelTruth BuildParcel(ManifestRecord m, DeterministicRandom random, ManifestParts parts, long createdAt, string manifestId)
    {
        PlantedPattern pattern = PickPattern(random.NextDouble());
        m.ManifestId = manifestId;
        m.CreatedAtMillis = createdAt;
        if (pattern == PlantedPattern.None && random.Chance(_options.PrivateSenderShare))
        {
            BuildPrivateGift(m, random, parts);
            return default;
        }

        Route? route = pattern == PlantedPattern.ConcealmentRoute && _routes.Length > 0 ? random.Pick(_routes) : null;
        Seller seller = route is null ? _sellerVolumes.Pick(random) : random.Pick(_sellersByOrigin[route.Origin.Code]);
        while (pattern == PlantedPattern.GiftMisdeclared && seller.MarketplaceId is null)
        {
            seller = _sellerVolumes.Pick(random);
        }

        if (pattern == PlantedPattern.None && seller.CounterfeitRate > 0 && random.Chance(seller.CounterfeitRate))
        {
            pattern = PlantedPattern.SellerHistory;
        }

        Consignee consignee = PickConsignee(route is null ? _consignees : _consigneesByDestination[route.Destination.Code], random, seller.Origin.Code);
        BuildSale(m, random, parts, seller, consignee, route);
        long revenue = pattern switch
        {
            PlantedPattern.ConcealmentRoute => Conceal(m, random),
            PlantedPattern.Undervaluation => Undervalue(m, random, parts),
            PlantedPattern.Misdescription => Misdescribe(m, random, parts),
            PlantedPattern.GiftMisdeclared => DeclareAsGift(m, random, parts),
            _ => 0,
        };
        parts.Finish(m);
        m.IossNumber = seller.MarketplaceId is not null && consignee.Destination.IsEu && pattern != PlantedPattern.GiftMisdeclared
            && ManifestParts.TotalEuroCents(m) <= IossCeilingCents && random.Chance(0.6) ? parts.ValidIoss() : null;
        return new ParcelTruth(pattern, revenue);
    }

    private PlantedPattern PickPattern(double u)
    {
        for (int i = 0; i < _patternCumulative.Length; i++)
        {
            if (u < _patternCumulative[i])
            {
                return _patternOrder[i];
            }
        }

        return PlantedPattern.None;
    }

    /// <summary>A clean sale: the seller's consignor, operator, currency and goods (values and weights log-normal around the HS norm).</summary>
    private static void BuildSale(ManifestRecord m, DeterministicRandom random, ManifestParts parts, Seller seller, Consignee consignee, Route? route)
    {
        Geography.Origin origin = seller.Origin;
        m.DepartureCountry = origin.Code;
        m.DestinationCountry = consignee.Destination.Code;
        Carriers.Carrier? carrier = route is not null ? route.Carrier : random.Chance(seller.PostalShare) ? null : seller.Carrier;
        SetOperator(m, random, parts, origin, carrier);
        parts.SetTransport(m, origin, consignee.Destination);
        m.MarketplaceId = seller.MarketplaceId;
        m.SellerId = seller.SellerId;
        m.Category = random.Chance(0.02) ? Category.CommercialSample : Category.SaleOfGoods;
        Copy(seller.Consignor, m.Consignor);
        Copy(consignee.Party, m.Consignee);
        m.Currency = seller.Currency;
        double x = random.NextDouble();
        int lines = x < 0.62 ? 1 : x < 0.88 ? 2 : x < 0.97 ? 3 : 4;
        for (int i = 0; i < lines; i++)
        {
            GoodsCatalog.Product product = random.Pick(seller.Products);
            int quantity = product.MaxQuantity <= 1 || random.Chance(0.7) ? 1 : random.Between(2, product.MaxQuantity);
            string originCountry = origin.Code == "HK" && random.Chance(0.05) ? "CN" : origin.Code;
            parts.SetItem(ManifestParts.ItemAt(m, i), product, quantity, product.DrawEuroCents(random), m.Currency, originCountry, product.DrawGrams(random));
        }

        ManifestParts.TrimItems(m, lines);
        m.Pieces = random.Chance(0.95) ? 1 : 2;
    }

    /// <summary>A gift between private persons: no seller, one or two lines within the gift relief.</summary>
    private void BuildPrivateGift(ManifestRecord m, DeterministicRandom random, ManifestParts parts)
    {
        Geography.Origin origin = Geography.Origins.Pick(random);
        Consignee consignee = PickConsignee(_consignees, random, origin.Code);
        m.DepartureCountry = origin.Code;
        m.DestinationCountry = consignee.Destination.Code;
        SetOperator(m, random, parts, origin, null);
        parts.SetTransport(m, origin, consignee.Destination);
        m.MarketplaceId = null;
        m.SellerId = null;
        m.Category = Category.Gift;
        parts.SetPerson(m.Consignor, origin);
        Copy(consignee.Party, m.Consignee);
        m.Currency = random.Chance(0.8) ? origin.Currency : "USD";
        int lines = random.Between(1, 2);
        for (int i = 0; i < lines; i++)
        {
            GoodsCatalog.Product product;
            do
            {
                product = GoodsCatalog.Common.Pick(random);
            }
            while (product.MinEuroCents > GiftCeilingCents / lines);

            long unitCents = Math.Min(product.DrawEuroCents(random), GiftCeilingCents / lines);
            parts.SetItem(ManifestParts.ItemAt(m, i), product, 1, unitCents, m.Currency, origin.Code, product.DrawGrams(random));
        }

        ManifestParts.TrimItems(m, lines);
        m.Pieces = 1;
        parts.Finish(m);
        m.IossNumber = null;
    }

    private static void SetOperator(ManifestRecord m, DeterministicRandom random, ManifestParts parts, Geography.Origin origin, Carriers.Carrier? carrier)
    {
        if (carrier is null)
        {
            m.OperatorType = OperatorType.Postal;
            m.OperatorCode = origin.PostalOperator;
            m.TrackingNumber = S10Builder.Create(random, Carriers.S10ServiceIndicators.Pick(random), origin.Code);
            return;
        }

        m.OperatorType = carrier.IsCourier ? OperatorType.Courier : OperatorType.Express;
        m.OperatorCode = carrier.Code;
        m.TrackingNumber = parts.CarrierTracking(carrier.Format, origin.Code);
    }

    /// <summary>Concealment: every line weighs 2.5 to 4 times what its goods weigh (the value stays plausible).</summary>
    private static long Conceal(ManifestRecord m, DeterministicRandom random)
    {
        foreach (ItemRecord item in m.Items)
        {
            GoodsCatalog.Product? product = ProductOf(item);
            double normGrams = product?.NormGrams ?? (double)item.NetWeightGrams / Math.Max(1, item.Quantity);
            item.NetWeightGrams = item.Quantity * (int)Math.Round(normGrams * (2.5 + (1.5 * random.NextDouble())));
        }

        return 0;
    }

    /// <summary>Undervaluation: one line declared at 0.1 to 0.3 times its HS norm; returns the duty and VAT lost, in EUR cents.</summary>
    private static long Undervalue(ManifestRecord m, DeterministicRandom random, ManifestParts parts)
    {
        int line = random.Next(m.Items.Count);
        ItemRecord item = m.Items[line];
        GoodsCatalog.Product product = ProductOf(item) ?? GoodsCatalog.Common.Items[0];
        if (random.Chance(0.3))
        {
            // Valuable goods are where undervaluation pays: a laptop, a camera, a leather handbag.
            product = random.Pick(GoodsCatalog.HighValue);
            parts.SetItem(item, product, 1, product.DrawEuroCents(random), m.Currency, m.DepartureCountry, product.DrawGrams(random));
        }

        long trueUnitCents = Currencies.ToEuroCents(item.ValueMinor, m.Currency) / Math.Max(1, item.Quantity);
        long declaredUnitCents = Math.Max(1, (long)Math.Round(product.NormEuroCents * (0.1 + (0.2 * random.NextDouble()))));
        item.ValueMinor = Currencies.FromEuroCents(declaredUnitCents * item.Quantity, m.Currency);
        long undeclared = Math.Max(0, (trueUnitCents - declaredUnitCents) * item.Quantity);
        return (long)Math.Round(undeclared * RevenueRates.TaxRate(m.DestinationCountry, item.HsCode));
    }

    /// <summary>Misdescription: one line keeps its HS code's value and weight but says something else.</summary>
    private static long Misdescribe(ManifestRecord m, DeterministicRandom random, ManifestParts parts)
    {
        (GoodsCatalog.Product declared, string description) = random.Pick(Misdescriptions.All);
        ItemRecord item = m.Items[random.Next(m.Items.Count)];
        parts.SetItem(item, declared, 1, declared.DrawEuroCents(random), m.Currency, m.DepartureCountry, declared.DrawGrams(random));
        item.Description = description;
        return 0;
    }

    /// <summary>A false gift: a marketplace seller's dozens of identical cheap units declared GIFT.</summary>
    private static long DeclareAsGift(ManifestRecord m, DeterministicRandom random, ManifestParts parts)
    {
        m.Category = Category.Gift;
        GoodsCatalog.Product bulk = random.Pick(GoodsCatalog.Bulk);
        parts.SetItem(ManifestParts.ItemAt(m, 0), bulk, random.Between(12, bulk.MaxQuantity), bulk.DrawEuroCents(random), m.Currency, m.DepartureCountry, bulk.DrawGrams(random));
        ManifestParts.TrimItems(m, 1);
        return 0;
    }

    /// <summary>The catalogue product a line was made from (by description), or null.</summary>
    private static GoodsCatalog.Product? ProductOf(ItemRecord item) => s_productsByDescription.GetValueOrDefault(item.Description);

    private static readonly Dictionary<string, GoodsCatalog.Product> s_productsByDescription = GoodsCatalog.Common.Items
        .Concat(GoodsCatalog.ByOrigin.Values.SelectMany(p => p))
        .Concat(GoodsCatalog.HighValue)
        .GroupBy(p => p.Description, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static void Copy(PartyRecord from, PartyRecord to)
    {
        to.Name = from.Name;
        to.AddressLine1 = from.AddressLine1;
        to.AddressLine2 = from.AddressLine2;
        to.City = from.City;
        to.PostalCode = from.PostalCode;
        to.CountryCode = from.CountryCode;
        to.TaxId = from.TaxId;
        to.Email = from.Email;
        to.Phone = from.Phone;
    }
}
