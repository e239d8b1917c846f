using CsCheck;
using ParcelStream.Codec.Decisions;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Codec.Tests.Support;

/// <summary>CsCheck generators of manifests and decisions, biased toward the edges: empty and non-BMP strings, nulls, extreme numbers.</summary>
internal static class Generators
{
    /// <summary>Unicode scalar values: ASCII, control characters (NUL too), 2- and 3-byte UTF-8, and supplementary planes; never a lone surrogate.</summary>
    public static readonly Gen<int> CodePoint = Gen.Frequency(
        (8, Gen.Int[0x20, 0x7E]),
        (1, Gen.Int[0x00, 0x1F]),
        (2, Gen.Int[0x80, 0x7FF]),
        (2, Gen.Int[0x800, 0xD7FF]),
        (1, Gen.Int[0xE000, 0xFFFF]),
        (2, Gen.Int[0x10000, 0x10FFFF]));

    public static readonly Gen<string> Text = Gen.Frequency(
        (1, Gen.Const(string.Empty)),
        (8, CodePoint.Array[1, 12].Select(ToText)),
        (1, CodePoint.Array[40, 120].Select(ToText)));

    public static readonly Gen<string?> NullableText = Gen.Frequency(
        (1, Gen.Const((string?)null)),
        (2, Text.Select(string? (s) => s)));

    public static readonly Gen<int> Int = Gen.Frequency(
        (3, Gen.Int),
        (1, Gen.OneOf(int.MinValue, int.MaxValue, 0, 1, -1, 63, -64, 64, -65)));

    public static readonly Gen<long> Long = Gen.Frequency(
        (3, Gen.Long),
        (1, Gen.OneOf(long.MinValue, long.MaxValue, 0L, 1L, -1L, int.MinValue - 1L, int.MaxValue + 1L)));

    /// <summary>Present-day timestamps mostly, any long sometimes.</summary>
    public static readonly Gen<long> Timestamp = Gen.Frequency(
        (3, Gen.Long[1_500_000_000_000, 2_000_000_000_000]),
        (1, Long));

    public static readonly Gen<PartyRecord> Party = Gen.Select(
        Text, Text, NullableText, Text, NullableText, Text, NullableText, NullableText, NullableText,
        (name, line1, line2, city, postal, country, tax, email, phone) => new PartyRecord
        {
            Name = name,
            AddressLine1 = line1,
            AddressLine2 = line2,
            City = city,
            PostalCode = postal,
            CountryCode = country,
            TaxId = tax,
            Email = email,
            Phone = phone,
        });

    public static readonly Gen<ItemRecord> Item = Gen.Select(
        Text, Text, Int, Int, Long, Text,
        (description, hsCode, quantity, weight, value, origin) => new ItemRecord
        {
            Description = description,
            HsCode = hsCode,
            Quantity = quantity,
            NetWeightGrams = weight,
            ValueMinor = value,
            OriginCountry = origin,
        });

    private static readonly Gen<ManifestRecord> s_head = Gen.Select(
        Text, Text, Text, Gen.Enum<OperatorType>(), Timestamp, NullableText, Gen.Enum<TransportMode>(),
        NullableText, NullableText, NullableText, NullableText, Text, Text,
        (id, tracking, op, opType, created, awb, mode, carrier, flight, loading, arrival, departure, destination) => new ManifestRecord
        {
            ManifestId = id,
            TrackingNumber = tracking,
            OperatorCode = op,
            OperatorType = opType,
            CreatedAtMillis = created,
            AirWaybill = awb,
            TransportMode = mode,
            CarrierCode = carrier,
            FlightOrVoyage = flight,
            LoadingPort = loading,
            ArrivalPort = arrival,
            DepartureCountry = departure,
            DestinationCountry = destination,
        });

    private static readonly Gen<Action<ManifestRecord>> s_tail = Gen.Select(
        Party, Party, Gen.Enum<Category>(), Item.List[0, 20], Text, Long, Int, Int, NullableText, NullableText, NullableText,
        Action<ManifestRecord> (consignor, consignee, category, items, currency, total, gross, pieces, ioss, marketplace, seller) => m =>
        {
            m.Consignor = consignor;
            m.Consignee = consignee;
            m.Category = category;
            m.Items.AddRange(items);
            m.Currency = currency;
            m.TotalValueMinor = total;
            m.GrossWeightGrams = gross;
            m.Pieces = pieces;
            m.IossNumber = ioss;
            m.MarketplaceId = marketplace;
            m.SellerId = seller;
        });

    /// <summary>Random manifests.</summary>
    public static readonly Gen<ManifestRecord> Manifest = Gen.Select(s_head, s_tail, (m, fill) =>
    {
        fill(m);
        return m;
    });

    private static readonly Gen<(string, string, string)> s_reason = Gen.Select(Text, Text, Text);

    private static readonly Gen<(string, int, long)?> s_source = Gen.Frequency(
        (1, Gen.Const(((string, int, long)?)null)),
        (2, Gen.Select(Text, Int, Long).Select<(string, int, long), (string, int, long)?>(s => s)));

    private static readonly Gen<double> s_risk = Gen.Frequency(
        (4, Gen.Double[0, 1]),
        (1, Gen.Double),
        (1, Gen.OneOf(0.0, 1.0, double.NaN, double.PositiveInfinity, double.Epsilon, -0.0)));

    private static readonly Gen<AssessmentSpec?> s_assessment = Gen.Frequency(
        (1, Gen.Const((AssessmentSpec?)null)),
        (3, Gen.Select(
            Gen.Select(Gen.Enum<FiscalRegime>(), Gen.Enum<DeclarationType>(), Gen.Enum<VatCollector>(), Text, Long, Long),
            Gen.Select(Text, s_risk, Text, Text, s_risk, Text),
            (a, b) => (AssessmentSpec?)new AssessmentSpec(a.Item1, a.Item2, a.Item4, a.Item5, b.Item1, a.Item6, b.Item2, a.Item3, b.Item3, b.Item4, b.Item5, b.Item6))));

    /// <summary>Random decisions.</summary>
    public static readonly Gen<DecisionSpec> Decision = Gen.Select(
        Gen.Select(
            Text, Text, Gen.Enum<Outcome>(), s_risk, s_reason.List[0, 10], Text, Timestamp, s_source, Gen.Bool, Gen.Enum<DecisionKind>(), Text.List[0, 10],
            (id, tracking, outcome, risk, reasons, version, decided, source, audit, kind, related) =>
                new DecisionSpec(id, tracking, outcome, risk, reasons, version, decided, source, audit, kind, related)),
        Gen.Enum<Referral>(),
        s_assessment,
        Gen.Frequency((1, Gen.Const((double?)null)), (3, Gen.OneOf(Gen.Double.Select(d => (double?)d), Gen.Const((double?)double.PositiveInfinity), Gen.Const((double?)double.NegativeInfinity), Gen.Const((double?)-3.5)))),
        Gen.Frequency((1, Gen.Const(((string, double)?)null)), (2, Gen.Select(Text, Gen.Double[0, 1], (v, p) => ((string, double)?)(v, p)))),
        (spec, referral, assessment, cutoff, model) => spec with { Referral = referral, Assessment = assessment, Cutoff = cutoff is double c && double.IsNaN(c) ? null : cutoff, Model = model });

    /// <summary>Prints a manifest for a failure message.</summary>
    public static string Print(ManifestRecord m) => System.Text.Json.JsonSerializer.Serialize(m);

    private static string ToText(int[] codePoints) => string.Concat(codePoints.Select(char.ConvertFromUtf32));
}
