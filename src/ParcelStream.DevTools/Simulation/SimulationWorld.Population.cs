using ParcelStream.Codec.Manifest;
using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>The population: sellers and their consignors, consignees, the concealment routes and the counterfeiters.</summary>
public sealed partial class SimulationWorld
{
    /// <summary>Exponent of the sellers' Zipf-like volumes: the seller of rank r ships in proportion to 1 / r^0.9.</summary>
    private const double ZipfExponent = 0.9;

    /// <summary>How many routes carry <see cref="PlantedPattern.ConcealmentRoute"/>.</summary>
    private const int ConcealmentRouteCount = 3;

    private static readonly string[] s_tradeNames = ["Huaxin", "Jiali", "Tianyu", "Kaisheng", "Yongfeng", "Ruixiang", "Haotian", "Jinhui", "Mingda", "Shengda", "Zhongtai", "Xinyuan", "Bestway", "Topmax", "Vastland", "Primeway"];

    private static readonly string[] s_concealmentOrigins = ["CN", "HK", "TR", "IN", "VN"];

    private readonly WeightedTable<Geography.Destination> _destinations;
    private readonly Seller[] _sellers;
    private readonly WeightedTable<Seller> _sellerVolumes;
    private readonly Dictionary<string, Seller[]> _sellersByOrigin;
    private readonly Consignee[] _consignees;
    private readonly Dictionary<string, Consignee[]> _consigneesByDestination;
    private readonly Route[] _routes;

    private static WeightedTable<Geography.Destination> DestinationTable(WorldOptions options) => options.DestinationMix is null
        ? Geography.Destinations
        : new WeightedTable<Geography.Destination>([.. Geography.Destinations.Items.Select(d => (d, options.DestinationMix.GetValueOrDefault(d.Code)))]);

    private Seller[] BuildSellers(DeterministicRandom random, ManifestParts parts)
    {
        var sellers = new Seller[_options.Sellers];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < sellers.Length; i++)
        {
            Geography.Origin origin = Geography.Origins.Pick(random);
            bool webShop = random.Chance(0.15);
            (string Id, string SellerPrefix) market = random.Pick(origin.Code is "CN" or "HK" or "VN" or "TH" or "TW" or "KR" ? Carriers.AsianMarketplaces : Carriers.WesternMarketplaces);
            string prefix = webShop ? "DS" : market.SellerPrefix;
            string id;
            do
            {
                id = $"{prefix}{random.Between(10_000_000, 99_999_999)}";
            }
            while (!ids.Add(id));

            var consignor = new PartyRecord();
            parts.SetCompany(consignor, origin);
            while (!names.Add(consignor.Name))
            {
                consignor.Name = $"{random.Pick(s_tradeNames)} {consignor.Name}";
            }

            int productCount = random.Between(2, 6);
            var products = new GoodsCatalog.Product[productCount];
            for (int p = 0; p < productCount; p++)
            {
                products[p] = GoodsCatalog.ByOrigin.TryGetValue(origin.Code, out GoodsCatalog.Product[]? local) && random.Chance(0.25)
                    ? random.Pick(local)
                    : GoodsCatalog.Common.Pick(random);
            }

            double x = random.NextDouble();
            sellers[i] = new Seller
            {
                SellerId = id,
                MarketplaceId = webShop ? null : market.Id,
                Origin = origin,
                Consignor = consignor,
                Products = products,
                Currency = x < 0.7 ? origin.Currency : x < 0.9 ? "USD" : "EUR",
                PostalShare = random.Chance(0.55) ? 0.95 : 0.05,
                Carrier = Carriers.NonPostal.Pick(random),
            };
        }

        return sellers;
    }

    private Consignee[] BuildConsignees(DeterministicRandom random, ManifestParts parts)
    {
        var consignees = new Consignee[_options.Consignees];
        for (int i = 0; i < consignees.Length; i++)
        {
            Geography.Destination destination = _destinations.Pick(random);
            var party = new PartyRecord();
            parts.SetConsignee(party, destination);
            consignees[i] = new Consignee(destination, party);
        }

        return consignees;
    }

    /// <summary>A few origin / operator / destination combinations, each of which taken alone is common.</summary>
    private Route[] PickRoutes(DeterministicRandom random)
    {
        var routes = new List<Route>();
        string[] origins = [.. s_concealmentOrigins.Where(_sellersByOrigin.ContainsKey)];
        string[] destinations = [.. _consigneesByDestination.Keys.Order(StringComparer.Ordinal)];
        for (int attempt = 0; routes.Count < ConcealmentRouteCount && attempt < 1_000 && origins.Length > 0; attempt++)
        {
            Geography.Origin origin = Geography.Origins.Items.First(o => o.Code == random.Pick(origins));
            string destinationCode = random.Pick(destinations);
            Carriers.Carrier? carrier = random.Chance(0.5) ? null : Carriers.NonPostal.Pick(random);
            var route = new Route(origin, carrier, _consigneesByDestination[destinationCode][0].Destination);
            if (destinationCode != origin.Code && !routes.Any(r => r.Origin == origin && r.Destination == route.Destination))
            {
                routes.Add(route);
            }
        }

        return [.. routes];
    }

    /// <summary>
    /// Picks the counterfeiting sellers: 1.5 % of them, three of high volume (ranks 10 to 100) and the rest anywhere
    /// below; each ships counterfeits in a share of its parcels (about half with the default shares) set so that they
    /// make the planted share of all parcels.
    /// </summary>
    private void PickCounterfeiters(DeterministicRandom random)
    {
        double target = _options.ShareOf(PlantedPattern.SellerHistory);
        if (target <= 0)
        {
            return;
        }

        int count = Math.Max(4, (int)Math.Round(_sellers.Length * 0.015));
        int highRanks = Math.Min(100, _sellers.Length / 4);
        var chosen = new HashSet<int>();
        double volume = 0;
        while (chosen.Count < count)
        {
            int rank = chosen.Count < 3 ? random.Between(Math.Min(10, highRanks / 2), highRanks - 1) : random.Between(highRanks, _sellers.Length - 1);
            if (chosen.Add(rank))
            {
                volume += 1.0 / Math.Pow(rank + 1, ZipfExponent) / _sellerVolumes.Total;
            }
        }

        // A counterfeiter's parcel holds counterfeits only when no other pattern was drawn and it is not a private gift.
        double rate = Math.Min(1, target / volume / (1 - _patternCumulative[^1]) / (1 - _options.PrivateSenderShare));
        foreach (int rank in chosen)
        {
            _sellers[rank].CounterfeitRate = rate;
        }
    }

    /// <summary>A consignee not in <paramref name="originCode"/>, repeat buyers more often (the lower indices).</summary>
    private static Consignee PickConsignee(Consignee[] candidates, DeterministicRandom random, string originCode)
    {
        for (int attempt = 0; ; attempt++)
        {
            double u = random.NextDouble();
            Consignee c = candidates[(int)(candidates.Length * u * u)];
            if (c.Destination.Code != originCode || attempt > 50)
            {
                return c;
            }
        }
    }
}
