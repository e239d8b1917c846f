using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>
/// The pieces a synthetic manifest is built from (operator and tracking number, transport, goods lines, totals, IOSS
/// number, parties), drawing from <see cref="Random"/>: shared by <see cref="ManifestGenerator"/> and the targeting
/// simulator's world, so both write the same clean ICS2 data. Not thread-safe.
/// </summary>
internal sealed partial class ManifestParts
{
    /// <summary>Initializes the parts with their random source.</summary>
    /// <param name="random">The random source; <see cref="Random"/> may be swapped later.</param>
    public ManifestParts(DeterministicRandom random) => Random = random;

    /// <summary>Gets or sets the random source every piece draws from.</summary>
    public DeterministicRandom Random { get; set; }

    /// <summary>Sets the operator (postal with an S10 id 55 % of the time, or an express/courier operator) and its tracking number.</summary>
    public void SetOperator(ManifestRecord m, Geography.Origin origin, bool requirePostal)
    {
        if (requirePostal || Random.Chance(0.55))
        {
            m.OperatorType = OperatorType.Postal;
            m.OperatorCode = origin.PostalOperator;
            m.TrackingNumber = S10Builder.Create(Random, Carriers.S10ServiceIndicators.Pick(Random), origin.Code);
            return;
        }

        Carriers.Carrier carrier = Carriers.NonPostal.Pick(Random);
        m.OperatorType = carrier.IsCourier ? OperatorType.Courier : OperatorType.Express;
        m.OperatorCode = carrier.Code;
        m.TrackingNumber = CarrierTracking(carrier.Format, origin.Code);
    }

    /// <summary>A tracking number in a carrier's own format.</summary>
    public string CarrierTracking(Carriers.TrackingFormat format, string originCode) => format switch
    {
        Carriers.TrackingFormat.Digits10 => Digits(10),
        Carriers.TrackingFormat.Digits12 => Digits(12),
        Carriers.TrackingFormat.Ups1Z => $"1Z{Alphanumeric(6)}{Random.Pick(s_upsServices)}{Digits(8)}",
        Carriers.TrackingFormat.SfExpress => $"SF{Digits(13)}",
        Carriers.TrackingFormat.Cainiao => $"LP00{Digits(12)}",
        Carriers.TrackingFormat.YunExpress => $"YT{Digits(16)}",
        _ => $"4PX{Digits(13)}{originCode}",
    };

    /// <summary>Sets the transport mode, carrier, flight and ports of a parcel from <paramref name="origin"/> to <paramref name="destination"/>.</summary>
    public void SetTransport(ManifestRecord m, Geography.Origin origin, Geography.Destination destination)
    {
        double x = Random.NextDouble();
        TransportMode mode = destination.IsEu && origin.Code == "CN" && x < 0.05 ? TransportMode.Rail
            : destination.IsEu && origin.Code is "TR" or "GB" && x < 0.15 ? TransportMode.Road
            : x > 0.99 ? TransportMode.Sea
            : TransportMode.Air;
        m.TransportMode = mode;
        string from = Random.Pick(origin.Airports);
        string to = Random.Pick(destination.Airports);
        if (mode == TransportMode.Air)
        {
            (string code, string prefix) = Random.Pick(Carriers.Airlines[origin.Code]);
            m.CarrierCode = code;
            m.FlightOrVoyage = $"{code}{Random.Between(100, 9999)}";
            m.LoadingPort = from;
            m.ArrivalPort = to;
            m.AirWaybill = AirWaybill(prefix);
        }
        else
        {
            // Not air: UN/LOCODE-like places and a house bill number in the airWaybill field.
            m.CarrierCode = null;
            m.FlightOrVoyage = mode == TransportMode.Sea ? $"V{Random.Between(100, 999)}E" : null;
            m.LoadingPort = origin.Code + from;
            m.ArrivalPort = destination.Code + to;
            m.AirWaybill = $"HB{Digits(10)}";
        }
    }

    /// <summary>An air waybill number: 3-digit airline prefix, 7-digit serial and its check digit (serial mod 7).</summary>
    public string AirWaybill(string prefix)
    {
        int serial = Random.Between(1_000_000, 9_999_999);
        return $"{prefix}-{serial}{serial % 7}";
    }

    /// <summary>The goods line at <paramref name="index"/>, added when the record has fewer lines.</summary>
    public static ItemRecord ItemAt(ManifestRecord m, int index)
    {
        if (index < m.Items.Count)
        {
            return m.Items[index];
        }

        var item = new ItemRecord();
        m.Items.Add(item);
        return item;
    }

    /// <summary>Removes the goods lines after the first <paramref name="count"/>.</summary>
    public static void TrimItems(ManifestRecord m, int count)
    {
        if (m.Items.Count > count)
        {
            m.Items.RemoveRange(count, m.Items.Count - count);
        }
    }

    /// <summary>Fills a goods line: the product's description and HS code (sometimes extended to 8 digits), quantity, net weight and value.</summary>
    /// <param name="item">The line to fill.</param>
    /// <param name="product">The goods.</param>
    /// <param name="quantity">The number of units.</param>
    /// <param name="unitEuroCents">The value per unit in EUR cents.</param>
    /// <param name="currency">The manifest's currency.</param>
    /// <param name="originCountry">The goods' country of origin.</param>
    /// <param name="unitGrams">The net weight per unit; 0 draws it uniformly from the product's range.</param>
    public void SetItem(ItemRecord item, GoodsCatalog.Product product, int quantity, long unitEuroCents, string currency, string originCountry, int unitGrams = 0)
    {
        item.Description = product.Description;
        item.HsCode = product.HsCode.Length == 6 && Random.Chance(0.3) ? product.HsCode + Digits(2) : product.HsCode;
        item.Quantity = quantity;
        item.NetWeightGrams = quantity * (unitGrams > 0 ? unitGrams : Random.Between(product.MinGrams, product.MaxGrams));
        item.ValueMinor = Currencies.FromEuroCents(unitEuroCents * quantity, currency);
        item.OriginCountry = originCountry;
    }

    /// <summary>Makes the total the sum of the lines and the gross weight the net weights plus packaging.</summary>
    public void Finish(ManifestRecord m)
    {
        long total = 0;
        int net = 0;
        foreach (ItemRecord item in m.Items)
        {
            total += item.ValueMinor;
            net += item.NetWeightGrams;
        }

        m.TotalValueMinor = total;
        m.GrossWeightGrams = net + Random.Between(30, 250);
    }

    /// <summary>The manifest's total value in EUR cents.</summary>
    public static long TotalEuroCents(ManifestRecord m) => Currencies.ToEuroCents(m.TotalValueMinor, m.Currency);

    /// <summary>An IOSS number: "IM", the ISO numeric code of the member state of identification, a 7-digit serial.</summary>
    public string ValidIoss() => $"IM{Random.Pick(s_iossStates)}{Digits(7)}";

    /// <summary>A string of <paramref name="count"/> random digits.</summary>
    public string Digits(int count) => string.Create(count, Random, static (span, random) =>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = random.Digit();
        }
    });

    /// <summary>A string of <paramref name="count"/> random digits and capital letters.</summary>
    public string Alphanumeric(int count) => string.Create(count, Random, static (span, random) =>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = random.Chance(0.5) ? random.Digit() : random.Letter();
        }
    });

    private static readonly string[] s_upsServices = ["01", "02", "03", "12", "13", "66", "67"];
    private static readonly string[] s_iossStates = ["372", "528", "442", "276", "250", "380", "724", "056"];
}
