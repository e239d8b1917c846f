using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>Turns a clean manifest into one of the flawed or risky kinds.</summary>
public sealed partial class ManifestGenerator
{
    private static readonly string[] s_placeholderNames = ["unknown", "n/a", "private", string.Empty];

    private static readonly string[] s_badIoss =
    [
        "IM12345678", "IM123456789", "IM12345678901", "IN3721234567", "im3721234567", "IM37212A4567", "EU372123456", "IM 372 1234567", "3721234567",
    ];

    private void Apply(ManifestRecord m, ManifestKind kind)
    {
        switch (kind)
        {
            case ManifestKind.MissingIcs2Data:
                RemoveIcs2Element(m);
                break;
            case ManifestKind.VagueDescription:
                foreach (ItemRecord item in m.Items)
                {
                    if (item == m.Items[0] || _random.Chance(0.5))
                    {
                        item.Description = _random.Pick(GoodsCatalog.Vague);
                    }
                }

                break;
            case ManifestKind.InvalidS10CheckDigit:
                m.TrackingNumber = S10Builder.Create(_random, m.TrackingNumber[..2], m.DepartureCountry, wrongCheckDigit: true);
                break;
            case ManifestKind.InvalidHsCode:
                _random.Pick([.. m.Items]).HsCode = _random.Pick(GoodsCatalog.InvalidHsCodes);
                break;
            case ManifestKind.ProhibitedGoods:
                GoodsCatalog.Product prohibited = _random.Pick(GoodsCatalog.Prohibited);
                ReplaceLine(m, prohibited, _random.Between(prohibited.MinEuroCents, prohibited.MaxEuroCents));
                break;
            case ManifestKind.Undervalued:
                GoodsCatalog.Product valuable = _random.Pick(GoodsCatalog.HighValue);
                // 2 % to 7 % of the lowest typical price: far below any plausible value for such goods.
                ReplaceLine(m, valuable, Math.Max(100, valuable.MinEuroCents * _random.Between(2, 7) / 100));
                break;
            case ManifestKind.ValueMismatch:
                long sum = m.TotalValueMinor;
                m.TotalValueMinor = _random.Chance(0.7) ? Math.Max(1, sum * _random.Between(20, 60) / 100) : (sum * _random.Between(150, 300) / 100) + 1;
                break;
            case ManifestKind.WeightMismatch:
                int net = m.Items.Sum(i => i.NetWeightGrams);
                m.GrossWeightGrams = Math.Max(1, net * _random.Between(25, 70) / 100);
                break;
            case ManifestKind.GiftFromMarketplace:
                m.Category = Category.Gift;
                GoodsCatalog.Product bulk = _random.Pick(GoodsCatalog.Bulk);
                _parts.SetItem(ManifestParts.ItemAt(m, 0), bulk, _random.Between(12, bulk.MaxQuantity), _random.Between(bulk.MinEuroCents, bulk.MaxEuroCents), m.Currency, m.DepartureCountry);
                ManifestParts.TrimItems(m, 1);
                _parts.Finish(m);
                m.IossNumber = null;
                break;
            case ManifestKind.InvalidIoss:
                m.Currency = "EUR";
                GoodsCatalog.Product cheap = GoodsCatalog.Common.Pick(_random);
                _parts.SetItem(ManifestParts.ItemAt(m, 0), cheap, 1, _random.Between(cheap.MinEuroCents, Math.Min(cheap.MaxEuroCents, (int)IossCeilingCents)), m.Currency, m.DepartureCountry);
                ManifestParts.TrimItems(m, 1);
                _parts.Finish(m);
                m.IossNumber = _random.Pick(s_badIoss);
                break;
            case ManifestKind.IossOverThreshold:
                m.Currency = "EUR";
                SetValueAbove(m, _random.Between(16_000, 90_000));
                m.IossNumber = _parts.ValidIoss();
                break;
            case ManifestKind.DeniedParty:
                WatchListEntry entry = _random.Pick(_watchList);
                // Screening matches name and country: a listed country places the party there (as the consignor, the
                // consignee's country being the destination); an entry for any country may be either party.
                PartyRecord party = entry.Country is null && _random.Chance(0.3) ? m.Consignee : m.Consignor;
                party.Name = Misspell(entry.Name);
                party.CountryCode = entry.Country ?? party.CountryCode;

                break;
        }
    }

    private void RemoveIcs2Element(ManifestRecord m)
    {
        switch (_random.Next(8))
        {
            case 0:
                m.AirWaybill = null;
                break;
            case 1:
                m.Consignor.Name = _random.Pick(s_placeholderNames);
                break;
            case 2:
                m.Consignor.AddressLine1 = string.Empty;
                break;
            case 3:
                m.Consignee.Name = _random.Pick(s_placeholderNames);
                break;
            case 4:
                m.Consignee.AddressLine1 = string.Empty;
                m.Consignee.City = _random.Chance(0.5) ? string.Empty : m.Consignee.City;
                break;
            case 5:
                m.Items[_random.Next(m.Items.Count)].Description = string.Empty;
                break;
            case 6:
                m.Pieces = 0;
                break;
            default:
                m.GrossWeightGrams = 0;
                break;
        }
    }

    /// <summary>Replaces one line with one unit of <paramref name="product"/> worth <paramref name="unitCents"/>, then re-totals.</summary>
    private void ReplaceLine(ManifestRecord m, GoodsCatalog.Product product, long unitCents)
    {
        int line = _random.Next(m.Items.Count);
        _parts.SetItem(m.Items[line], product, 1, unitCents, m.Currency, m.DepartureCountry);
        _parts.Finish(m);
        if (m.IossNumber is not null && ManifestParts.TotalEuroCents(m) > IossCeilingCents)
        {
            m.IossNumber = null;
        }
    }

    /// <summary>Spreads <paramref name="euroCents"/> over the lines (in EUR), so the consignment is worth more than EUR 150.</summary>
    private void SetValueAbove(ManifestRecord m, long euroCents)
    {
        long left = euroCents;
        for (int i = 0; i < m.Items.Count; i++)
        {
            long share = i == m.Items.Count - 1 ? left : left / (m.Items.Count - i);
            m.Items[i].ValueMinor = share;
            left -= share;
        }

        _parts.Finish(m);
    }

    private void BuildSplitMember(ManifestRecord m)
    {
        if (_split is not { Remaining: > 0 })
        {
            Geography.Origin origin = _random.Pick([.. Geography.Origins.Items.Where(o => o.Code is "CN" or "HK")]);
            (string id, string prefix) = _random.Pick(Carriers.AsianMarketplaces);
            _split = new SplitShipmentGroup
            {
                Origin = origin,
                Destination = _random.Pick(Geography.EuDestinations),
                PartySeed = _random.NextUInt64(),
                MarketplaceId = id,
                SellerId = $"{prefix}{_random.Between(10_000_000, 99_999_999)}",
                StartMillis = _startMillis + _clockMillis,
                Remaining = _random.Between(3, 5),
            };
        }

        SplitShipmentGroup group = _split;
        BuildBase(m, requirePostal: false, requireEu: true, requireMarketplace: true, group.Origin, group.Destination);

        // Same seller and consignee for every parcel of the group: replay their generation from the group's seed.
        DeterministicRandom main = _random;
        _random = new DeterministicRandom(group.PartySeed);
        _parts.Random = _random;
        _parts.SetCompany(m.Consignor, group.Origin);
        _parts.SetConsignee(m.Consignee, group.Destination);
        _random = main;
        _parts.Random = main;
        m.MarketplaceId = group.MarketplaceId;
        m.SellerId = group.SellerId;
        m.Category = Category.SaleOfGoods;
        m.Currency = "EUR";
        m.CreatedAtMillis = group.StartMillis + group.OffsetMillis;
        group.OffsetMillis += _random.Between(10, 70) * 60_000L;

        // Each parcel under EUR 150, three or more together over it.
        GoodsCatalog.Product product = GoodsCatalog.Common.Pick(_random);
        _parts.SetItem(ManifestParts.ItemAt(m, 0), product, 1, _random.Between(6_000, 14_000), "EUR", group.Origin.Code);
        ManifestParts.TrimItems(m, 1);
        _parts.Finish(m);
        m.IossNumber = _random.Chance(0.5) ? _parts.ValidIoss() : null;
        group.Remaining--;
    }
}
