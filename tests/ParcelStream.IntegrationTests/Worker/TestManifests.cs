using System.Globalization;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Manifest;

namespace ParcelStream.IntegrationTests.Worker;

/// <summary>Manifests for pipeline tests: valid ones with known ids, and broken messages with known error codes.</summary>
internal static class TestManifests
{
    public static ManifestRecord Create(int sequence, string trackingNumber)
    {
        var m = new ManifestRecord
        {
            ManifestId = "MF-" + sequence.ToString("D7", CultureInfo.InvariantCulture),
            TrackingNumber = trackingNumber,
            OperatorCode = "TESTPOST",
            OperatorType = OperatorType.Postal,
            CreatedAtMillis = 1_795_000_000_000 + sequence,
            TransportMode = TransportMode.Air,
            DepartureCountry = "CN",
            DestinationCountry = "DE",
            Consignor = new PartyRecord { Name = "Seller " + sequence, AddressLine1 = "1 Road", City = "Shenzhen", CountryCode = "CN" },
            Consignee = new PartyRecord { Name = "Buyer " + (sequence % 97), AddressLine1 = "2 Street", City = "Berlin", CountryCode = "DE" },
            Category = sequence % 7 == 0 ? Category.Gift : Category.SaleOfGoods,
            Currency = "EUR",
            TotalValueMinor = (sequence % 11) * 2_000,
            GrossWeightGrams = 500,
            Pieces = 1,
        };
        m.Items.Add(new ItemRecord { Description = "Phone case", HsCode = "392690", Quantity = 1, NetWeightGrams = 400, ValueMinor = m.TotalValueMinor, OriginCountry = "CN" });
        return m;
    }

    /// <summary>
    /// <paramref name="count"/> manifests over <paramref name="keys"/> tracking numbers (so several manifests share a
    /// key, in sequence order), framed Confluent, keyed by tracking number.
    /// </summary>
    public static List<Message<byte[], byte[]>> Valid(int count, int keys, int first = 0)
    {
        var messages = new List<Message<byte[], byte[]>>(count);
        for (int i = first; i < first + count; i++)
        {
            string tracking = "TN" + (i % keys).ToString("D6", CultureInfo.InvariantCulture);
            messages.Add(new Message<byte[], byte[]>
            {
                Key = System.Text.Encoding.UTF8.GetBytes(tracking),
                Value = ManifestEncoder.ToBytes(Create(i, tracking), MessageFraming.Confluent),
            });
        }

        return messages;
    }

    /// <summary>Broken messages, each with the dead-letter code the worker must give it.</summary>
    public static List<(Message<byte[], byte[]> Message, string Code)> Broken()
    {
        byte[] valid = ManifestEncoder.ToBytes(Create(9_999_999, "TNBROKEN"), MessageFraming.Confluent);
        byte[] unknownId = (byte[])valid.Clone();
        unknownId[4] = 99;
        byte[] trailing = [.. valid, 0x00];
        return
        [
            (new Message<byte[], byte[]> { Key = "b1"u8.ToArray(), Value = valid[..(valid.Length / 2)] }, nameof(AvroErrorCode.Truncated)),
            (new Message<byte[], byte[]> { Key = "b2"u8.ToArray(), Value = unknownId }, nameof(AvroErrorCode.UnknownSchemaId)),
            (new Message<byte[], byte[]> { Key = "b3"u8.ToArray(), Value = trailing }, nameof(AvroErrorCode.TrailingBytes)),
            (new Message<byte[], byte[]> { Key = "b4"u8.ToArray(), Value = [0x00, 0x00, 0x00] }, nameof(AvroErrorCode.Truncated)),
            (new Message<byte[], byte[]> { Key = "b5"u8.ToArray(), Value = null!, Headers = new Headers { { "trace", "t5"u8.ToArray() } } }, "EmptyMessage"),
        ];
    }
}
