namespace ParcelStream.DevTools.Generation;

/// <summary>Goods lines for synthetic parcels: HS subheading, description, typical unit value (EUR cents) and net weight per unit.</summary>
internal static class GoodsCatalog
{
    /// <summary>Everyday e-commerce goods, weighted by how often they appear in low-value parcels.</summary>
    public static readonly WeightedTable<Product> Common = new(
        (new Product("851830", "Bluetooth in-ear headphones", 800, 4_000, 40, 180, 2), 6),
        (new Product("854442", "USB-C charging cable, 1 m", 150, 900, 25, 80, 4), 7),
        (new Product("392690", "Silicone phone case", 100, 900, 20, 60, 3), 8),
        (new Product("850440", "USB wall charger 20 W", 300, 1_800, 40, 120, 2), 5),
        (new Product("851762", "Smart fitness band", 1_200, 4_500, 25, 60, 1), 3),
        (new Product("610910", "Cotton T-shirt", 300, 1_500, 120, 220, 4), 8),
        (new Product("611030", "Polyester hoodie", 900, 3_000, 350, 600, 2), 5),
        (new Product("620462", "Women's cotton trousers", 800, 3_500, 300, 550, 2), 4),
        (new Product("640411", "Running shoes with textile upper", 1_500, 6_000, 500, 900, 1), 4),
        (new Product("420222", "Shoulder bag with outer surface of plastic sheeting", 800, 4_000, 250, 700, 1), 3),
        (new Product("711719", "Imitation jewellery necklace", 100, 1_200, 10, 60, 3), 4),
        (new Product("910211", "Quartz wristwatch with mechanical display", 500, 6_000, 50, 150, 1), 3),
        (new Product("950300", "Plastic building-block toy set", 600, 3_500, 200, 900, 2), 4),
        (new Product("330499", "Moisturising face cream, 50 ml", 300, 2_500, 60, 120, 3), 4),
        (new Product("960321", "Electric toothbrush heads, pack of 4", 300, 1_500, 30, 60, 2), 2),
        (new Product("940542", "LED strip light, 5 m", 500, 2_500, 150, 400, 2), 4),
        (new Product("482010", "Spiral notebook, A5", 150, 800, 150, 300, 5), 2),
        (new Product("490199", "Printed paperback book", 600, 2_500, 200, 600, 3), 3),
        (new Product("732393", "Stainless steel kitchen utensil set", 700, 3_000, 300, 900, 1), 2),
        (new Product("392410", "Plastic food storage boxes", 400, 1_800, 150, 500, 3), 3),
        (new Product("630260", "Cotton bath towel", 600, 2_500, 400, 700, 2), 2),
        (new Product("900410", "Sunglasses with UV400 lenses", 300, 2_500, 20, 60, 2), 3),
        (new Product("841451", "USB desk fan", 600, 2_000, 250, 600, 1), 2),
        (new Product("850980", "Electric milk frother", 500, 2_000, 150, 300, 1), 2),
        (new Product("847160", "Wireless computer mouse", 500, 3_000, 60, 120, 1), 4),
        (new Product("847330", "Mechanical keyboard switches, set of 90", 1_000, 4_000, 150, 300, 1), 2),
        (new Product("852351", "microSD memory card 128 GB", 800, 3_000, 5, 20, 2), 3),
        (new Product("950691", "Resistance bands for fitness", 400, 2_000, 150, 400, 2), 2),
        (new Product("871496", "Bicycle pedals, aluminium", 1_000, 4_000, 250, 450, 1), 1),
        (new Product("670419", "Synthetic hair wig", 1_000, 4_000, 150, 400, 1), 2),
        (new Product("961511", "Hair clips of plastic, pack of 20", 100, 800, 20, 80, 3), 2));

    /// <summary>Goods typical of one origin; picked for a share of that origin's parcels.</summary>
    public static readonly Dictionary<string, Product[]> ByOrigin = new(StringComparer.Ordinal)
    {
        ["US"] = [new("210690", "Vitamin D3 dietary supplement capsules", 800, 3_000, 80, 250, 3), new("330610", "Whitening toothpaste", 300, 900, 100, 200, 3), new("610462", "Women's cotton jeans", 2_000, 6_000, 400, 700, 1)],
        ["GB"] = [new("090230", "Black tea, 250 g", 400, 1_500, 250, 300, 3), new("491199", "Printed art postcards", 200, 1_000, 20, 100, 5), new("620342", "Men's cotton chino trousers", 2_000, 6_000, 350, 600, 1)],
        ["TR"] = [new("170490", "Turkish delight confectionery, 500 g", 500, 1_500, 500, 550, 2), new("570110", "Hand-knotted wool rug, 60 x 90 cm", 6_000, 14_000, 1_500, 3_000, 1), new("630231", "Cotton bed sheet set", 2_000, 6_000, 900, 1_500, 1)],
        ["IN"] = [new("091030", "Ground turmeric, 200 g", 200, 800, 200, 220, 3), new("621420", "Cashmere shawl", 2_000, 8_000, 150, 300, 1), new("711319", "Silver jewellery ring", 1_500, 6_000, 5, 20, 2)],
        ["JP"] = [new("950300", "Anime figure of plastic", 2_000, 8_000, 200, 600, 1), new("090210", "Green tea (matcha), 100 g", 1_000, 3_000, 100, 150, 2), new("821191", "Kitchen knife with fixed blade", 4_000, 12_000, 150, 300, 1)],
        ["KR"] = [new("330499", "Sheet face masks, pack of 10", 800, 2_500, 200, 300, 3), new("330410", "Lip tint cosmetic", 500, 1_500, 10, 30, 3)],
        ["CN"] = [new("851713", "Smartphone", 8_000, 30_000, 170, 230, 1), new("851821", "Portable Bluetooth speaker", 1_200, 5_000, 250, 700, 1), new("950450", "Handheld game console", 3_000, 9_000, 250, 450, 1)],
    };

    /// <summary>Goods whose typical unit value is high; an undervalued parcel declares them at a few percent of it.</summary>
    public static readonly Product[] HighValue =
    [
        new("847130", "Laptop computer, 14 inch", 30_000, 90_000, 1_200, 2_000, 1),
        new("851713", "Smartphone", 15_000, 80_000, 170, 230, 1),
        new("880622", "Camera drone", 25_000, 90_000, 250, 900, 1),
        new("852589", "Digital mirrorless camera", 40_000, 120_000, 400, 700, 1),
        new("420221", "Leather handbag", 20_000, 150_000, 600, 1_200, 1),
        new("910111", "Automatic wristwatch with case of precious metal", 50_000, 300_000, 80, 200, 1),
        new("950450", "Video game console", 25_000, 50_000, 2_500, 4_500, 1),
        new("851762", "Smartwatch", 15_000, 45_000, 40, 80, 1),
    ];

    /// <summary>Prohibited or restricted goods (customs-domain.md section 5).</summary>
    public static readonly Product[] Prohibited =
    [
        new("930320", "Sporting shotgun", 20_000, 80_000, 2_500, 3_500, 1),
        new("930690", "Airgun pellets and cartridges", 1_000, 5_000, 200, 800, 5),
        new("930700", "Combat knife with fixed blade", 2_000, 8_000, 200, 400, 1),
        new("240220", "Cigarettes containing tobacco, 10 cartons", 3_000, 9_000, 1_800, 2_200, 1),
        new("240311", "Water-pipe tobacco (shisha), 1 kg", 1_500, 4_000, 1_000, 1_100, 2),
        new("240412", "E-cigarette nicotine liquid, 10 ml", 300, 1_000, 20, 40, 10),
        new("300490", "Prescription medicine tablets", 1_000, 5_000, 30, 100, 3),
        new("300420", "Antibiotic capsules", 800, 4_000, 30, 80, 3),
        new("850760", "Lithium-ion battery pack 20000 mAh", 1_000, 4_000, 350, 500, 2),
        new("850650", "Lithium button cells, pack of 10", 200, 1_000, 20, 40, 3),
        new("010690", "Live tarantula", 2_000, 8_000, 20, 80, 1),
        new("060290", "Live bonsai plant", 2_000, 6_000, 800, 1_500, 1),
        new("120991", "Vegetable seeds for sowing", 200, 1_500, 10, 50, 5),
        new("050790", "Carved ivory figurine", 10_000, 60_000, 100, 400, 1),
    ];

    /// <summary>Cheap goods sold by the dozen: what a "gift" of many identical units from a marketplace seller contains.</summary>
    public static readonly Product[] Bulk =
    [
        new("392690", "Silicone phone case", 80, 300, 20, 40, 60),
        new("711719", "Imitation jewellery earrings", 50, 200, 5, 15, 60),
        new("610910", "Cotton T-shirt", 200, 500, 120, 200, 40),
        new("854442", "USB-C charging cable, 1 m", 80, 250, 25, 50, 60),
        new("950300", "Plastic toy figure", 100, 400, 30, 80, 50),
    ];

    /// <summary>Descriptions ICS2 rejects as too vague (customs-domain.md section 2).</summary>
    public static readonly string[] Vague =
    [
        "as ordered", "see invoice", "gift", "gifts", "birthday gift", "consolidated", "general cargo", "parts",
        "accessories", "electronics", "clothing", "e-commerce", "samples", "various", "goods",
    ];

    /// <summary>HS codes that are malformed, too short, or name a chapter that does not exist (77, 00, 99 at the international level).</summary>
    public static readonly string[] InvalidHsCodes =
    [
        "12345", "8518", "77010000", "000000", "99999999", "85A830", "851830123456", "ABCDEF", "", "85.18.30", "-851830",
    ];

    /// <summary>A goods line template.</summary>
    internal sealed record Product(string HsCode, string Description, int MinEuroCents, int MaxEuroCents, int MinGrams, int MaxGrams, int MaxQuantity)
    {
        /// <summary>Gets the typical (median) value per unit in EUR cents: the geometric mean of the range.</summary>
        public double NormEuroCents => Math.Sqrt((double)MinEuroCents * MaxEuroCents);

        /// <summary>Gets the typical (median) net weight per unit in grams: the geometric mean of the range.</summary>
        public double NormGrams => Math.Sqrt((double)MinGrams * MaxGrams);

        /// <summary>A value per unit drawn log-normally around <see cref="NormEuroCents"/> (about 95 % inside the range), kept inside the range.</summary>
        /// <param name="random">The random source.</param>
        /// <returns>EUR cents.</returns>
        public long DrawEuroCents(DeterministicRandom random) => (long)Math.Round(random.LogNormalWithin(MinEuroCents, MaxEuroCents));

        /// <summary>A net weight per unit drawn log-normally around <see cref="NormGrams"/>, kept inside the range.</summary>
        /// <param name="random">The random source.</param>
        /// <returns>Grams.</returns>
        public int DrawGrams(DeterministicRandom random) => (int)Math.Round(random.LogNormalWithin(MinGrams, MaxGrams));
    }
}
