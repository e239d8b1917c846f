using ParcelStream.DevTools.Generation;

namespace ParcelStream.DevTools.Simulation;

/// <summary>
/// Descriptions that do not fit the HS code they are declared under, or that hint at counterfeits, for
/// <see cref="PlantedPattern.Misdescription"/>: the line keeps the value and weight of the declared HS code's goods.
/// </summary>
internal static class Misdescriptions
{
    /// <summary>The declared goods (HS code, value, weight) and the words actually written.</summary>
    public static readonly (GoodsCatalog.Product Declared, string Description)[] All =
    [
        (Common("610910"), "Wireless bluetooth earbuds"),
        (Common("610910"), "Smartwatch with heart-rate sensor"),
        (Common("610910"), "Replica designer logo T-shirt"),
        (Common("330499"), "E-cigarette liquid, 10 ml, mint"),
        (Common("330499"), "Nicotine pouches, pack of 20"),
        (Common("392690"), "Portable power bank 20000 mAh"),
        (Common("392690"), "Smartphone 6.5 inch, 128 GB"),
        (Common("910211"), "Replica luxury wristwatch, AAA quality"),
        (Common("910211"), "1:1 mirror quality automatic watch"),
        (Common("420222"), "Designer shoulder bag, high copy"),
        (Common("420222"), "Replica leather handbag"),
        (Common("640411"), "Running shoes, AAA quality"),
        (Common("640411"), "Sneakers inspired by designer brand"),
        (Common("950300"), "Camera drone with 4K camera"),
        (Common("482010"), "Laptop computer, 14 inch"),
        (Common("711719"), "Replica designer necklace"),
        (Common("900410"), "Sunglasses, 1:1 designer copy"),
        (Common("630260"), "Vape pen with nicotine cartridges"),
    ];

    private static GoodsCatalog.Product Common(string hsCode) => GoodsCatalog.Common.Items.First(p => p.HsCode == hsCode);
}
