namespace ParcelStream.DevTools.Generation;

/// <summary>Where synthetic parcels come from and go to, with weights close to the EU's low-value import mix.</summary>
internal static class Geography
{
    public static readonly WeightedTable<Origin> Origins = new(
        (new Origin("CN", "CNY", ["PVG", "CAN", "SZX", "PEK", "CGO"], "CNPOST", ["Shenzhen", "Guangzhou", "Yiwu", "Shanghai", "Dongguan", "Hangzhou"], ["Huaqiang North Road", "Tianhe Road", "Chouzhou North Road", "Nanjing West Road", "Dongguan Avenue"]), 46),
        (new Origin("HK", "HKD", ["HKG"], "HKPOST", ["Kowloon", "Kwun Tong", "Tsuen Wan", "Sha Tin"], ["Nathan Road", "Hoi Bun Road", "Castle Peak Road", "Shing Yip Street"]), 9),
        (new Origin("US", "USD", ["JFK", "LAX", "ORD", "MIA"], "USPS", ["New York", "Los Angeles", "Chicago", "Miami", "Austin"], ["Broadway", "Sunset Boulevard", "Michigan Avenue", "Ocean Drive", "Congress Avenue"]), 10),
        (new Origin("GB", "GBP", ["LHR", "EMA", "MAN"], "ROYALMAIL", ["London", "Manchester", "Leeds", "Bristol"], ["High Street", "Station Road", "Church Lane", "Victoria Road"]), 6),
        (new Origin("TR", "TRY", ["IST", "SAW"], "PTT", ["Istanbul", "Izmir", "Bursa", "Denizli"], ["Istiklal Caddesi", "Ataturk Bulvari", "Cumhuriyet Caddesi"]), 6),
        (new Origin("IN", "INR", ["DEL", "BOM", "BLR"], "INDIAPOST", ["New Delhi", "Mumbai", "Jaipur", "Bengaluru"], ["MG Road", "Linking Road", "Chandni Chowk", "Johari Bazar"]), 5),
        (new Origin("KR", "KRW", ["ICN"], "KPOST", ["Seoul", "Busan", "Incheon"], ["Teheran-ro", "Gangnam-daero", "Haeundae-ro"]), 4),
        (new Origin("JP", "JPY", ["NRT", "KIX"], "JPPOST", ["Tokyo", "Osaka", "Nagoya"], ["Chuo-dori", "Midosuji", "Sakura-dori"]), 3),
        (new Origin("VN", "VND", ["SGN", "HAN"], "VNPOST", ["Ho Chi Minh City", "Hanoi"], ["Nguyen Hue", "Le Loi", "Tran Hung Dao"]), 3),
        (new Origin("TW", "TWD", ["TPE"], "CHUNGHWAPOST", ["Taipei", "Taichung"], ["Zhongxiao East Road", "Taiwan Boulevard"]), 2),
        (new Origin("TH", "THB", ["BKK"], "THPOST", ["Bangkok", "Chiang Mai"], ["Sukhumvit Road", "Silom Road"]), 2));

    public static readonly WeightedTable<Destination> Destinations = new(
        (new Destination("DE", true, ["FRA", "LEI", "MUC"], [("Berlin", "10115"), ("Köln", "50667"), ("München", "80331"), ("Hamburg", "20095"), ("Düsseldorf", "40213")], ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg", "Lindenallee"], ["Jürgen", "Anna", "Lukas", "Sophie", "Jörg", "Märta", "Felix"], ["Müller", "Schmidt", "Schröder", "Weiß", "Becker", "Köhler", "Hoffmann"]), 15),
        (new Destination("FR", true, ["CDG", "LYS"], [("Paris", "75011"), ("Lyon", "69002"), ("Marseille", "13001"), ("Toulouse", "31000")], ["Rue de la République", "Avenue Jean Jaurès", "Rue Victor Hugo", "Boulevard Saint-Michel"], ["François", "Hélène", "Jérôme", "Camille", "Zoé", "Théo"], ["Lefèvre", "Dubois", "Moreau", "Girard", "Bérenger", "Laurent"]), 12),
        (new Destination("IT", true, ["MXP", "FCO"], [("Milano", "20121"), ("Roma", "00184"), ("Napoli", "80133"), ("Torino", "10121")], ["Via Roma", "Corso Vittorio Emanuele", "Via Garibaldi", "Via Dante"], ["Giulia", "Niccolò", "Francesca", "Luca", "Elena"], ["Rossi", "Bianchi", "Esposito", "Ricci", "Colombo"]), 8),
        (new Destination("ES", true, ["MAD", "BCN"], [("Madrid", "28013"), ("Barcelona", "08002"), ("Sevilla", "41004"), ("València", "46002")], ["Calle Mayor", "Gran Vía", "Avenida de la Constitución", "Carrer de Balmes"], ["José", "María", "Iñigo", "Lucía", "Martín"], ["García", "Peña", "Fernández", "Muñoz", "López"]), 8),
        (new Destination("NL", true, ["AMS"], [("Amsterdam", "1012 AB"), ("Rotterdam", "3011 AD"), ("Utrecht", "3511 AA")], ["Damstraat", "Coolsingel", "Oudegracht", "Kerkstraat"], ["Daan", "Sanne", "Bram", "Fleur"], ["de Vries", "Jansen", "van den Berg", "Bakker"]), 6),
        (new Destination("PL", true, ["WAW", "KTW"], [("Warszawa", "00-001"), ("Kraków", "30-001"), ("Łódź", "90-001"), ("Wrocław", "50-001")], ["ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska", "ul. Świętokrzyska"], ["Łukasz", "Agnieszka", "Paweł", "Małgorzata", "Zofia"], ["Wójcik", "Kowalski", "Nowak", "Wiśniewska", "Lewandowski"]), 5),
        (new Destination("BE", true, ["BRU", "LGG"], [("Bruxelles", "1000"), ("Antwerpen", "2000"), ("Liège", "4000")], ["Rue Neuve", "Meir", "Boulevard d'Avroy"], ["Émile", "Lotte", "Noah", "Inès"], ["Peeters", "Janssens", "Dupont", "Lambert"]), 3),
        (new Destination("SE", true, ["ARN"], [("Stockholm", "111 20"), ("Göteborg", "411 01"), ("Malmö", "211 20")], ["Drottninggatan", "Storgatan", "Kungsgatan"], ["Åsa", "Björn", "Linnéa", "Oskar"], ["Öberg", "Johansson", "Lindström", "Åkesson"]), 3),
        (new Destination("AT", true, ["VIE"], [("Wien", "1010"), ("Graz", "8010"), ("Salzburg", "5020")], ["Mariahilfer Straße", "Herrengasse", "Getreidegasse"], ["Günther", "Lena", "Tobias"], ["Gruber", "Huber", "Wagner"]), 2),
        (new Destination("IE", true, ["DUB"], [("Dublin", "D02 X285"), ("Cork", "T12 W8F2")], ["O'Connell Street", "Grafton Street", "Patrick Street"], ["Siobhán", "Ciarán", "Aoife"], ["Murphy", "O'Brien", "Ó Súilleabháin"]), 2),
        (new Destination("CZ", true, ["PRG"], [("Praha", "110 00"), ("Brno", "602 00")], ["Václavské náměstí", "Národní třída"], ["Jiří", "Tereza", "Tomáš"], ["Dvořák", "Novák", "Černá"]), 2),
        (new Destination("PT", true, ["LIS"], [("Lisboa", "1100-148"), ("Porto", "4000-322")], ["Rua Augusta", "Avenida da Liberdade"], ["João", "Inês", "Gonçalo"], ["Gonçalves", "Silva", "Conceição"]), 2),
        (new Destination("GB", false, ["LHR", "EMA"], [("London", "SW1A 1AA"), ("Birmingham", "B1 1AA"), ("Glasgow", "G1 1AA")], ["High Street", "Queen Street", "Park Road"], ["Oliver", "Amelia", "Harry", "Isla"], ["Smith", "Jones", "Taylor", "O'Neill"]), 12),
        (new Destination("US", false, ["JFK", "ORD", "LAX"], [("New York", "10001"), ("Chicago", "60601"), ("Houston", "77002"), ("Seattle", "98101")], ["Main Street", "Oak Avenue", "Pine Street", "Maple Drive"], ["James", "Emily", "Michael", "Sofía"], ["Johnson", "Williams", "Brown", "Martínez"]), 14),
        (new Destination("CA", false, ["YYZ", "YVR"], [("Toronto", "M5H 2N2"), ("Montréal", "H2X 1Y4"), ("Vancouver", "V6B 1A1")], ["Yonge Street", "Rue Sainte-Catherine", "Granville Street"], ["Liam", "Chloé", "Noah"], ["Tremblay", "Roy", "MacDonald"]), 5),
        (new Destination("AU", false, ["SYD", "MEL"], [("Sydney", "2000"), ("Melbourne", "3000"), ("Brisbane", "4000")], ["George Street", "Collins Street", "Queen Street"], ["Jack", "Charlotte", "Mia"], ["Wilson", "Nguyen", "Anderson"]), 5));

    /// <summary>Destinations in the EU, for kinds that need EU rules (IOSS, the EUR 150 threshold).</summary>
    public static readonly Destination[] EuDestinations = [.. Destinations.Items.Where(d => d.IsEu)];

    /// <summary>A country of dispatch.</summary>
    internal sealed record Origin(string Code, string Currency, string[] Airports, string PostalOperator, string[] Cities, string[] Streets);

    /// <summary>A country of destination with what consignee addresses there look like.</summary>
    internal sealed record Destination(string Code, bool IsEu, string[] Airports, (string City, string PostalCode)[] Cities, string[] Streets, string[] FirstNames, string[] LastNames);
}
