using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>The clean manifest every kind starts from.</summary>
public sealed partial class ManifestGenerator
{
    /// <summary>Largest EUR total a clean parcel with an IOSS number gets: a margin under EUR 150 that rounding cannot cross.</summary>
    private const long IossCeilingCents = 14_500;

    private void BuildBase(ManifestRecord m, bool requirePostal, bool requireEu, bool requireMarketplace, Geography.Origin? fixedOrigin = null, Geography.Destination? fixedDestination = null)
    {
        Geography.Origin origin = fixedOrigin ?? Geography.Origins.Pick(_random);
        Geography.Destination destination = fixedDestination ?? PickDestination(origin, requireEu);
        m.ManifestId = $"MF-{_idPrefix}-{Count:D10}";
        m.CreatedAtMillis = _startMillis + _clockMillis;
        m.DepartureCountry = origin.Code;
        m.DestinationCountry = destination.Code;
        _parts.SetOperator(m, origin, requirePostal);
        _parts.SetTransport(m, origin, destination);

        bool privateSender = !requireMarketplace && _random.Chance(0.06);
        (string Id, string SellerPrefix)? market = privateSender ? null : PickMarketplace(origin);
        m.MarketplaceId = market?.Id;
        m.SellerId = market is { } mk ? $"{mk.SellerPrefix}{_random.Between(10_000_000, 99_999_999)}" : null;
        m.Category = privateSender ? Category.Gift : _random.Chance(0.02) ? Category.CommercialSample : Category.SaleOfGoods;
        if (privateSender)
        {
            _parts.SetPerson(m.Consignor, origin);
        }
        else
        {
            _parts.SetCompany(m.Consignor, origin);
        }

        _parts.SetConsignee(m.Consignee, destination);
        m.Currency = market is not null && destination.IsEu && _random.Chance(0.5) ? "EUR" : _random.Chance(0.8) ? origin.Currency : "USD";

        int lines = privateSender ? _random.Between(1, 2) : PickLineCount();
        for (int i = 0; i < lines; i++)
        {
            GoodsCatalog.Product product = PickProduct(origin, privateSender ? 4_500 / lines : int.MaxValue);
            int quantity = privateSender ? 1 : PickQuantity(product.MaxQuantity);
            long unitCents = _random.Between(product.MinEuroCents, product.MaxEuroCents);
            if (privateSender)
            {
                // A private gift stays within the EUR 45 gift relief.
                unitCents = Math.Min(unitCents, 4_500 / lines);
            }

            _parts.SetItem(ManifestParts.ItemAt(m, i), product, quantity, unitCents, m.Currency, _random.Chance(0.05) && origin.Code == "HK" ? "CN" : origin.Code);
        }

        ManifestParts.TrimItems(m, lines);
        m.Pieces = _random.Chance(0.95) ? 1 : 2;
        m.IossNumber = null;
        _parts.Finish(m);
        if (market is not null && destination.IsEu && ManifestParts.TotalEuroCents(m) <= IossCeilingCents && _random.Chance(0.6))
        {
            m.IossNumber = _parts.ValidIoss();
        }
    }

    /// <summary>A product from the origin's specialities or the common goods whose typical price can be as low as <paramref name="maxEuroCents"/>.</summary>
    private GoodsCatalog.Product PickProduct(Geography.Origin origin, int maxEuroCents)
    {
        while (true)
        {
            GoodsCatalog.Product product = GoodsCatalog.ByOrigin.TryGetValue(origin.Code, out GoodsCatalog.Product[]? local) && _random.Chance(0.25)
                ? _random.Pick(local)
                : GoodsCatalog.Common.Pick(_random);
            if (product.MinEuroCents <= maxEuroCents)
            {
                return product;
            }
        }
    }

    private Geography.Destination PickDestination(Geography.Origin origin, bool requireEu)
    {
        while (true)
        {
            Geography.Destination d = requireEu ? _random.Pick(Geography.EuDestinations) : Geography.Destinations.Pick(_random);
            if (d.Code != origin.Code)
            {
                return d;
            }
        }
    }

    private (string Id, string SellerPrefix) PickMarketplace(Geography.Origin origin) =>
        _random.Pick(origin.Code is "CN" or "HK" or "VN" or "TH" or "TW" or "KR" ? Carriers.AsianMarketplaces : Carriers.WesternMarketplaces);

    private int PickLineCount()
    {
        double x = _random.NextDouble();
        return x < 0.62 ? 1 : x < 0.88 ? 2 : x < 0.97 ? 3 : 4;
    }

    private int PickQuantity(int max) => max <= 1 || _random.Chance(0.7) ? 1 : _random.Between(2, max);
}
