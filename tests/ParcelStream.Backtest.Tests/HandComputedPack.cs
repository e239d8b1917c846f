using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Backtest.Tests;

/// <summary>
/// A small rule pack written for the report tests (one rule per referral, round rates), so that the figures can be
/// computed by hand and do not move when the shipped pack changes; and twelve parcels dated 2026-12-07 (flat EU duty in
/// force) that hit each rule once.
/// </summary>
internal static class HandComputedPack
{
    private const string PackYaml = """
        version: "hand-1"
        name: hand-computed report pack
        scoring: { baseLogOdds: -4.0 }
        currencies:
          base: EUR
          rates:
            EUR: { exponent: 2, rate: 1 }
            GBP: { exponent: 2, rate: 0.88 }
            USD: { exponent: 2, rate: 1.16 }
            CAD: { exponent: 2, rate: 1.62 }
            AUD: { exponent: 2, rate: 1.78 }
        """;

    private const string AssessmentYaml = """
        lists:
          eu: { kind: countries, description: EU destinations of the test, values: [DE, FR] }
          cusma: { kind: countries, description: CUSMA origins, values: [US, MX] }
        assessment:
          flatDutyScope: all
          vatWithoutIoss: special-arrangements
          euDestinations: "@eu"
          cusmaOrigins: "@cusma"
          vatRates:
            DE: [{ value: 19 }]
            FR: [{ value: 20 }]
            GB: [{ value: 20 }]
            CA: [{ value: 5 }]
            AU: [{ value: 10 }]
          dutyRates:
            EU: { default: 4 }
            GB: { default: 4 }
            US: { default: 10 }
            CA: { default: 8 }
            AU: { default: 5 }
        thresholds:
          ioss-limit: { description: t, currency: EUR, periods: [{ value: 150 }] }
          eu-duty-relief: { description: t, currency: EUR, periods: [{ until: 2026-06-30, value: 150 }, { from: 2026-07-01, value: 0 }] }
          eu-flat-duty: { description: t, currency: EUR, periods: [{ from: 2026-07-01, until: 2028-06-30, value: 3 }] }
          eu-h7-limit: { description: t, currency: EUR, periods: [{ value: 150 }] }
          eu-gift-relief: { description: t, currency: EUR, periods: [{ value: 45 }] }
          gb-low-value: { description: t, currency: GBP, periods: [{ value: 135 }] }
          gb-gift-relief: { description: t, currency: GBP, periods: [{ value: 39 }] }
          us-de-minimis: { description: t, currency: USD, periods: [{ value: 0 }] }
          us-gift-relief: { description: t, currency: USD, periods: [{ value: 100 }] }
          us-informal-entry-limit: { description: t, currency: USD, periods: [{ value: 2500 }] }
          ca-de-minimis: { description: t, currency: CAD, periods: [{ value: 20 }] }
          ca-cusma-tax: { description: t, currency: CAD, periods: [{ value: 40 }] }
          ca-de-minimis-cusma: { description: t, currency: CAD, periods: [{ value: 150 }] }
          ca-lvs-limit: { description: t, currency: CAD, periods: [{ value: 3300 }] }
          au-low-value: { description: t, currency: AUD, periods: [{ value: 1000 }] }
        """;

    private const string RulesYaml = """
        rules:
          - id: arms
            code: PROHIBITED_GOODS
            description: A goods line is classified as arms (HS 93).
            when: { anyItem: { field: hsCode, prefix: ["93"] } }
            effect: { outcome: INSPECT, referral: physical-examination }
          - id: threat
            code: THREAT
            description: The marketplace is reported as an imminent threat.
            when: { field: marketplaceId, equals: THREAT }
            effect: { outcome: INSPECT, referral: do-not-load }
          - id: denied
            code: DENIED_PARTY
            description: The seller is a denied party.
            when: { field: sellerId, equals: DENIED }
            effect: { outcome: INSPECT, referral: compliance-review }
          - id: missing-consignee
            code: MISSING_DATA
            description: The consignee's name is missing.
            when: { field: consignee.name, missing: true }
            effect: { outcome: HOLD, referral: request-for-information }
          - id: documents
            code: RESTRICTED_GOODS
            description: The seller's goods need a licence.
            when: { field: sellerId, equals: DOCS }
            effect: { outcome: HOLD, referral: documentary-check }
          - id: audit
            code: AUDIT_SELLER
            description: The seller's releases are audited afterwards.
            when: { field: sellerId, equals: AUDIT }
            effect: { audit: true }
          - id: risky
            code: RISKY_SELLER
            description: The seller is very risky (score 0.98, above the inspect threshold).
            when: { field: sellerId, equals: RISKY }
            effect: { weight: 8, referral: screening }
        """;

    private static readonly long s_december2026 = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>Gets the twelve parcels with what the generator would have planted (Clean or another kind), in file order.</summary>
    public static IReadOnlyList<(ManifestRecord Manifest, string Kind)> Parcels { get; } =
    [
        (Parcel("M01", "DE", "EUR", ("610910", 2_000)).With(ioss: "IM2760000011"), "Clean"),  // EU_IOSS: duty 3.00, VAT 19% of 23.00 = 4.37
        (Parcel("M02", "DE", "EUR", ("610910", 1_000), ("851830", 1_000)), "Clean"),          // special arrangements: 2 x 3.00, VAT 19% of 26.00 = 4.94
        (Parcel("M03", "FR", "EUR", ("610910", 18_000)), "Clean"),                            // H1: 4% of 180.00 = 7.20, VAT 20% of 187.20 = 37.44
        (Parcel("M04", "GB", "GBP", ("610910", 10_000)), "Clean"),                            // VAT at sale 20% of 100.00 = 20.00
        (Parcel("M05", "US", "USD", ("610910", 8_000)), "Clean"),                             // informal entry: 10% of 80.00 = 8.00
        (Parcel("M06", "DE", "EUR", ("930630", 2_000)), "Prohibited"),                        // INSPECT forced, physical examination; 3.00 + 4.37
        (Parcel("M07", "JP", "EUR", ("610910", 2_000)).With(marketplace: "THREAT"), "Threat"), // INSPECT forced, do not load; JP not assessed
        (Parcel("M08", "DE", "EUR", ("610910", 2_000)).With(ioss: "IM2760000011", seller: "DENIED"), "DeniedParty"), // INSPECT forced, compliance review; IOSS 3.00 + 4.37
        (Parcel("M09", "DE", "EUR", ("610910", 2_000)).With(consignee: string.Empty), "MissingData"), // HOLD, request for information; 3.00 + 4.37
        (Parcel("M10", "GB", "GBP", ("610910", 10_000)).With(seller: "DOCS"), "Clean"),      // HOLD, documentary check: a clean parcel stopped
        (Parcel("M11", "US", "USD", ("610910", 8_000)).With(seller: "AUDIT"), "Undervalued"), // RELEASE flagged for audit; 8.00
        (Parcel("M12", "AU", "AUD", ("610910", 50_000)).With(seller: "RISKY"), "Undervalued"), // INSPECT by risk rank, screening; GST at sale 50.00
    ];

    /// <summary>Writes the pack into a new directory under <paramref name="parent"/>.</summary>
    /// <param name="parent">A temporary directory.</param>
    /// <returns>The pack directory.</returns>
    public static string WritePack(string parent)
    {
        string dir = Directory.CreateDirectory(Path.Combine(parent, "hand")).FullName;
        File.WriteAllText(Path.Combine(dir, "pack.yaml"), PackYaml);
        File.WriteAllText(Path.Combine(dir, "assessment.yaml"), AssessmentYaml);
        File.WriteAllText(Path.Combine(dir, "rules.yaml"), RulesYaml);
        return dir;
    }

    /// <summary>Writes the twelve parcels as a container file, two per block, so that several threads share them.</summary>
    /// <param name="path">The .avro file.</param>
    public static void WriteHistory(string path) =>
        Samples.WriteContainer(path, Parcels.Select(p => ManifestEncoder.ToBytes(p.Manifest)), 2, AvroContainerCodec.Null);

    private static ManifestRecord Parcel(string id, string destination, string currency, params (string Hs, long Value)[] lines)
    {
        var m = new ManifestRecord
        {
            ManifestId = id,
            TrackingNumber = "T" + id,
            OperatorCode = "OP",
            OperatorType = OperatorType.Courier,
            CreatedAtMillis = s_december2026,
            AirWaybill = "176-12345675",
            TransportMode = TransportMode.Air,
            DepartureCountry = "CN",
            DestinationCountry = destination,
            Consignor = new PartyRecord { Name = "Shenzhen Trading Co", AddressLine1 = "1 Road", City = "Shenzhen", CountryCode = "CN" },
            Consignee = new PartyRecord { Name = "Erika Mustermann", AddressLine1 = "Hauptstrasse 1", City = "Berlin", CountryCode = destination },
            Category = Category.SaleOfGoods,
            Currency = currency,
            TotalValueMinor = lines.Sum(l => l.Value),
            GrossWeightGrams = 500,
            Pieces = 1,
        };
        foreach ((string hs, long value) in lines)
        {
            m.Items.Add(new ItemRecord { Description = "Cotton T-shirt", HsCode = hs, Quantity = 1, NetWeightGrams = 150, ValueMinor = value, OriginCountry = "CN" });
        }

        return m;
    }

    private static ManifestRecord With(this ManifestRecord m, string? ioss = null, string? seller = null, string? marketplace = null, string? consignee = null)
    {
        m.IossNumber = ioss ?? m.IossNumber;
        m.SellerId = seller ?? m.SellerId;
        m.MarketplaceId = marketplace ?? m.MarketplaceId;
        m.Consignee.Name = consignee ?? m.Consignee.Name;
        return m;
    }
}
