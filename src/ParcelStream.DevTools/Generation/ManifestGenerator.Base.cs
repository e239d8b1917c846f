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
        SetOperator(m, origin, requirePostal);
        SetTransport(m, origin, destination);

        bool privateSender = !requireMarketplace && _random.Chance(0.06);
        (string Id, string SellerPrefix)? market = privateSender ? null : PickMarketplace(origin);
        m.MarketplaceId = market?.Id;
        m.SellerId = market is { } mk ? $"{mk.SellerPrefix}{_random.Between(10_000_000, 99_999_999)}" : null;
        m.Category = privateSender ? Category.Gift : _random.Chance(0.02) ? Category.CommercialSample : Category.SaleOfGoods;
        if (privateSender)
        {
            SetPerson(m.Consignor, origin);
        }
        else
        {
            SetCompany(m.Consignor, origin);
        }

        SetConsignee(m.Consignee, destination);
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

            SetItem(ItemAt(m, i), product, quantity, unitCents, m.Currency, _random.Chance(0.05) && origin.Code == "HK" ? "CN" : origin.Code);
        }

        TrimItems(m, lines);
        m.Pieces = _random.Chance(0.95) ? 1 : 2;
        m.IossNumber = null;
        Finish(m);
        if (market is not null && destination.IsEu && TotalEuroCents(m) <= IossCeilingCents && _random.Chance(0.6))
        {
            m.IossNumber = ValidIoss();
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

    private void SetOperator(ManifestRecord m, Geography.Origin origin, bool requirePostal)
    {
        if (requirePostal || _random.Chance(0.55))
        {
            m.OperatorType = OperatorType.Postal;
            m.OperatorCode = origin.PostalOperator;
            m.TrackingNumber = S10Builder.Create(_random, Carriers.S10ServiceIndicators.Pick(_random), origin.Code);
            return;
        }

        Carriers.Carrier carrier = Carriers.NonPostal.Pick(_random);
        m.OperatorType = carrier.IsCourier ? OperatorType.Courier : OperatorType.Express;
        m.OperatorCode = carrier.Code;
        m.TrackingNumber = CarrierTracking(carrier.Format, origin.Code);
    }

    private string CarrierTracking(Carriers.TrackingFormat format, string originCode) => format switch
    {
        Carriers.TrackingFormat.Digits10 => Digits(10),
        Carriers.TrackingFormat.Digits12 => Digits(12),
        Carriers.TrackingFormat.Ups1Z => $"1Z{Alphanumeric(6)}{_random.Pick(s_upsServices)}{Digits(8)}",
        Carriers.TrackingFormat.SfExpress => $"SF{Digits(13)}",
        Carriers.TrackingFormat.Cainiao => $"LP00{Digits(12)}",
        Carriers.TrackingFormat.YunExpress => $"YT{Digits(16)}",
        _ => $"4PX{Digits(13)}{originCode}",
    };

    private void SetTransport(ManifestRecord m, Geography.Origin origin, Geography.Destination destination)
    {
        double x = _random.NextDouble();
        TransportMode mode = destination.IsEu && origin.Code == "CN" && x < 0.05 ? TransportMode.Rail
            : destination.IsEu && origin.Code is "TR" or "GB" && x < 0.15 ? TransportMode.Road
            : x > 0.99 ? TransportMode.Sea
            : TransportMode.Air;
        m.TransportMode = mode;
        string from = _random.Pick(origin.Airports);
        string to = _random.Pick(destination.Airports);
        if (mode == TransportMode.Air)
        {
            (string code, string prefix) = _random.Pick(Carriers.Airlines[origin.Code]);
            m.CarrierCode = code;
            m.FlightOrVoyage = $"{code}{_random.Between(100, 9999)}";
            m.LoadingPort = from;
            m.ArrivalPort = to;
            m.AirWaybill = AirWaybill(prefix);
        }
        else
        {
            // Not air: UN/LOCODE-like places and a house bill number in the airWaybill field.
            m.CarrierCode = null;
            m.FlightOrVoyage = mode == TransportMode.Sea ? $"V{_random.Between(100, 999)}E" : null;
            m.LoadingPort = origin.Code + from;
            m.ArrivalPort = destination.Code + to;
            m.AirWaybill = $"HB{Digits(10)}";
        }
    }

    /// <summary>An air waybill number: 3-digit airline prefix, 7-digit serial and its check digit (serial mod 7).</summary>
    private string AirWaybill(string prefix)
    {
        int serial = _random.Between(1_000_000, 9_999_999);
        return $"{prefix}-{serial}{serial % 7}";
    }

    private (string Id, string SellerPrefix) PickMarketplace(Geography.Origin origin) =>
        _random.Pick(origin.Code is "CN" or "HK" or "VN" or "TH" or "TW" or "KR" ? Carriers.AsianMarketplaces : Carriers.WesternMarketplaces);

    private int PickLineCount()
    {
        double x = _random.NextDouble();
        return x < 0.62 ? 1 : x < 0.88 ? 2 : x < 0.97 ? 3 : 4;
    }

    private int PickQuantity(int max) => max <= 1 || _random.Chance(0.7) ? 1 : _random.Between(2, max);

    private static ItemRecord ItemAt(ManifestRecord m, int index)
    {
        if (index < m.Items.Count)
        {
            return m.Items[index];
        }

        var item = new ItemRecord();
        m.Items.Add(item);
        return item;
    }

    private static void TrimItems(ManifestRecord m, int count)
    {
        if (m.Items.Count > count)
        {
            m.Items.RemoveRange(count, m.Items.Count - count);
        }
    }

    private void SetItem(ItemRecord item, GoodsCatalog.Product product, int quantity, long unitEuroCents, string currency, string originCountry)
    {
        item.Description = product.Description;
        item.HsCode = product.HsCode.Length == 6 && _random.Chance(0.3) ? product.HsCode + Digits(2) : product.HsCode;
        item.Quantity = quantity;
        item.NetWeightGrams = quantity * _random.Between(product.MinGrams, product.MaxGrams);
        item.ValueMinor = Currencies.FromEuroCents(unitEuroCents * quantity, currency);
        item.OriginCountry = originCountry;
    }

    /// <summary>Makes the total the sum of the lines and the gross weight the net weights plus packaging.</summary>
    private void Finish(ManifestRecord m)
    {
        long total = 0;
        int net = 0;
        foreach (ItemRecord item in m.Items)
        {
            total += item.ValueMinor;
            net += item.NetWeightGrams;
        }

        m.TotalValueMinor = total;
        m.GrossWeightGrams = net + _random.Between(30, 250);
    }

    private static long TotalEuroCents(ManifestRecord m) => Currencies.ToEuroCents(m.TotalValueMinor, m.Currency);

    /// <summary>An IOSS number: "IM", the ISO numeric code of the member state of identification, a 7-digit serial.</summary>
    private string ValidIoss() => $"IM{_random.Pick(s_iossStates)}{Digits(7)}";

    private string Digits(int count) => string.Create(count, _random, static (span, random) =>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = random.Digit();
        }
    });

    private string Alphanumeric(int count) => string.Create(count, _random, static (span, random) =>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = random.Chance(0.5) ? random.Digit() : random.Letter();
        }
    });

    private static readonly string[] s_upsServices = ["01", "02", "03", "12", "13", "66", "67"];
    private static readonly string[] s_iossStates = ["372", "528", "442", "276", "250", "380", "724", "056"];
}
