using System.Globalization;
using System.Text;
using ParcelStream.Codec.Container;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.Learning.Tests.Support;

/// <summary>
/// A small history with a learnable signal, written to a temporary directory: parcels over some days, a tenth of them
/// non-compliant (undervalued headphones, or "replica" in the description), and results for every third parcel
/// (FOUND exactly when non-compliant).
/// </summary>
internal sealed class SyntheticHistory : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Hs, string Description, long ValuePerUnit, int Grams)[] s_goods =
    [
        ("851830", "Bluetooth headphones over-ear", 3_000, 300),
        ("854442", "USB-C charging cable", 500, 40),
        ("392690", "Silicone phone case", 1_200, 60),
        ("640399", "Leather shoes", 6_000, 900),
        ("950300", "Plastic toy car", 800, 150),
    ];

    public SyntheticHistory(int parcels, int days, int resultEvery = 3, int seed = 1)
    {
        Directory = Path.Combine(Path.GetTempPath(), "ps-learning-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        ManifestsPath = Path.Combine(Directory, "m.avro");
        ResultsPath = Path.Combine(Directory, "results.csv");
        var random = new Random(seed);
        var results = new StringBuilder("manifestId,result,inspectedAt\n");
        using (FileStream stream = File.Create(ManifestsPath))
        using (AvroContainerWriter writer = AvroContainerManifests.CreateWriter(stream))
        {
            for (int i = 0; i < parcels; i++)
            {
                long created = Start.AddDays((double)i * days / parcels).ToUnixTimeMilliseconds();
                bool risky = random.NextDouble() < 0.1;
                ManifestRecord m = Manifest(i, created, risky, random);
                writer.WriteManifest(m);
                Ids.Add(m.ManifestId);
                Risky.Add(risky);
                if (i % resultEvery == 0)
                {
                    results.Append(CultureInfo.InvariantCulture, $"{m.ManifestId},{(risky ? "FOUND" : "CLEAN")},{created + 3_600_000}\n");
                }
            }
        }

        File.WriteAllText(ResultsPath, results.ToString());
    }

    public string Directory { get; }

    public string ManifestsPath { get; }

    public string ResultsPath { get; }

    public List<string> Ids { get; } = [];

    public List<bool> Risky { get; } = [];

    public static ManifestRecord Manifest(int i, long created, bool risky, Random random)
    {
        (string hs, string description, long perUnit, int grams) = s_goods[random.Next(s_goods.Length)];
        int units = 1 + random.Next(3);
        long value = perUnit * units * (80 + random.Next(40)) / 100;
        if (risky && random.Next(2) == 0)
        {
            value /= 8;
        }
        else if (risky)
        {
            description = "replica " + description;
        }

        var m = new ManifestRecord
        {
            ManifestId = $"MF-{i:D8}",
            TrackingNumber = $"RR{i:D9}CN",
            OperatorCode = random.Next(2) == 0 ? "CNPOST" : "DHL",
            OperatorType = OperatorType.Postal,
            CreatedAtMillis = created,
            TransportMode = TransportMode.Air,
            DepartureCountry = "CN",
            DestinationCountry = random.Next(2) == 0 ? "DE" : "FR",
            Consignor = new PartyRecord { Name = $"Shenzhen Trader {random.Next(50)}", CountryCode = "CN" },
            Consignee = new PartyRecord { Name = "Jane Doe", CountryCode = "DE", City = "Köln" },
            Category = Category.SaleOfGoods,
            Currency = "EUR",
            TotalValueMinor = value,
            GrossWeightGrams = (grams * units) + 100,
            Pieces = 1,
            SellerId = $"S-{random.Next(200)}",
        };
        m.Items.Add(new ItemRecord { Description = description, HsCode = hs, Quantity = units, NetWeightGrams = grams * units, ValueMinor = value, OriginCountry = "CN" });
        return m;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
