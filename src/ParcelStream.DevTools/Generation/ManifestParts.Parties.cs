using System.Text;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.DevTools.Generation;

/// <summary>Consignors and consignees.</summary>
internal sealed partial class ManifestParts
{
    private static readonly string[] s_companyWords =
    [
        "Bright", "Golden", "Sunrise", "Lucky", "Everwin", "Bluewave", "Starlight", "Harmony", "Evergreen", "Silverline",
        "Jade", "Prosper", "Northstar", "Goodluck", "Vastsea", "Rainbow", "Phoenix", "Orient", "Pearl", "Unity",
    ];

    private static readonly string[] s_companyNouns = ["Trading", "Electronics", "Technology", "Import & Export", "Apparel", "Commerce", "Industrial", "E-Commerce", "Household"];

    private static readonly Dictionary<string, string[]> s_people = new(StringComparer.Ordinal)
    {
        ["CN"] = ["Wang Wei", "Li Na", "Zhang Min", "Liu Yang", "Chen Jing", "Huang Lei"],
        ["HK"] = ["Chan Tai Man", "Wong Ka Yan", "Leung Chi Wai"],
        ["US"] = ["John Miller", "Sarah Davis", "Michael Thompson", "Jessica Moore"],
        ["GB"] = ["George Evans", "Emily Hughes", "Thomas Wright"],
        ["TR"] = ["Mehmet Yılmaz", "Ayşe Kaya", "Mustafa Çelik"],
        ["IN"] = ["Priya Sharma", "Rahul Gupta", "Anjali Iyer"],
        ["KR"] = ["Kim Min-jun", "Lee Seo-yeon", "Park Ji-hoon"],
        ["JP"] = ["Sato Haruto", "Suzuki Yui", "Takahashi Ren"],
        ["VN"] = ["Nguyễn Văn An", "Trần Thị Hoa"],
        ["TW"] = ["Chen Yi-ting", "Lin Chih-hao"],
        ["TH"] = ["Somchai Srisuk", "Malee Chaiyaphum"],
    };

    private static readonly string[] s_mailDomains = ["example.com", "example.org", "example.net"];

    /// <summary>Fills a party as a company of the origin, with its address.</summary>
    public void SetCompany(PartyRecord p, Geography.Origin origin)
    {
        string word = Random.Pick(s_companyWords);
        string noun = Random.Pick(s_companyNouns);
        string city = Random.Pick(origin.Cities);
        p.Name = origin.Code switch
        {
            "CN" => $"{city} {word} {noun} Co., Ltd.",
            "HK" => $"{word} {noun} (HK) Limited",
            "US" => $"{word} {noun} LLC",
            "GB" => $"{word} {noun} Ltd",
            "TR" => $"{word} Dış Ticaret Ltd. Şti.",
            "IN" => $"{word} Exports Pvt. Ltd.",
            "JP" => $"{word} Shoji K.K.",
            _ => $"{word} {noun} Co., Ltd.",
        };
        SetAddress(p, origin, city);
        p.TaxId = Random.Chance(0.4) ? $"{origin.Code}{Digits(12)}" : null;
        p.Email = Random.Chance(0.5) ? $"sales@{Ascii(word).ToLowerInvariant()}-{Digits(3)}.example.com" : null;
        p.Phone = Random.Chance(0.5) ? $"+{Digits(2)} {Digits(9)}" : null;
    }

    /// <summary>Fills a party as a private person of the origin, with an address.</summary>
    public void SetPerson(PartyRecord p, Geography.Origin origin)
    {
        p.Name = Random.Pick(s_people.TryGetValue(origin.Code, out string[]? people) ? people : s_people["US"]);
        SetAddress(p, origin, Random.Pick(origin.Cities));
        p.TaxId = null;
        p.Email = Random.Chance(0.5) ? Mail(p.Name) : null;
        p.Phone = Random.Chance(0.5) ? $"+{Digits(2)} {Digits(9)}" : null;
    }

    /// <summary>Fills a party's address in a city of the origin.</summary>
    public void SetAddress(PartyRecord p, Geography.Origin origin, string city)
    {
        p.AddressLine1 = $"{Random.Between(1, 999)} {Random.Pick(origin.Streets)}";
        p.AddressLine2 = Random.Chance(0.3) ? $"Room {Random.Between(101, 2899)}" : null;
        p.City = city;
        p.PostalCode = origin.Code == "HK" ? null : Digits(origin.Code is "CN" or "IN" ? 6 : 5);
        p.CountryCode = origin.Code;
    }

    /// <summary>Fills the consignee as a private person at an address of the destination.</summary>
    public void SetConsignee(PartyRecord p, Geography.Destination destination)
    {
        string first = Random.Pick(destination.FirstNames);
        string last = Random.Pick(destination.LastNames);
        (string city, string postalCode) = Random.Pick(destination.Cities);
        int number = Random.Between(1, 180);
        string street = Random.Pick(destination.Streets);
        p.Name = $"{first} {last}";
        p.AddressLine1 = destination.Code is "FR" or "GB" or "US" or "CA" or "AU" or "IE" or "BE" && !street.StartsWith("Meir", StringComparison.Ordinal)
            ? $"{number} {street}"
            : $"{street} {number}";
        p.AddressLine2 = Random.Chance(0.15) ? $"Apt {Random.Between(1, 40)}" : null;
        p.City = city;
        p.PostalCode = postalCode;
        p.CountryCode = destination.Code;
        p.TaxId = null;
        p.Email = Random.Chance(0.7) ? Mail(p.Name) : null;
        p.Phone = Random.Chance(0.6) ? $"+{Digits(2)} {Digits(9)}" : null;
    }

    /// <summary>A synthetic e-mail address from a person's name.</summary>
    public string Mail(string name)
    {
        string local = Ascii(name).ToLowerInvariant().Replace(' ', '.').Replace("'", string.Empty, StringComparison.Ordinal);
        return $"{local}{Random.Between(1, 99)}@{Random.Pick(s_mailDomains)}";
    }

    /// <summary>Folds common Latin letters with diacritics to ASCII and drops whatever else is not ASCII.</summary>
    public static string Ascii(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int i = DiacriticLetters.IndexOf(c, StringComparison.Ordinal);
            if (i >= 0)
            {
                sb.Append(PlainLetters[i]);
            }
            else if (char.IsAscii(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Letters with diacritics, each above its ASCII letter in <see cref="PlainLetters"/>.</summary>
    internal const string DiacriticLetters = "áàâäãåāăąçćčďéèêëēęěğíìîïıłńñňóòôöõőøřśšşťúùûüůűýÿźżžÁÀÂÄÃÅĀĂĄÇĆČĎÉÈÊËĒĘĚĞÍÌÎÏİŁŃÑŇÓÒÔÖÕŐØŘŚŠŞŤÚÙÛÜŮŰÝŸŹŻŽǎǐǒǔ";

    /// <summary>The ASCII letters of <see cref="DiacriticLetters"/>.</summary>
    internal const string PlainLetters = "aaaaaaaaacccdeeeeeeegiiiiilnnnooooooorssstuuuuuuyyzzzAAAAAAAAACCCDEEEEEEEGIIIIILNNNOOOOOOORSSSTUUUUUUYYZZZaiou";
}
