using ParcelStream.IntegrationTests.Worker;

namespace ParcelStream.IntegrationTests;

/// <summary>`parcelstream rules explain --manifest m.json` with a manifest written with the schema's field names.</summary>
public sealed class RulesExplainTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    // Field names exactly as in schemas/parcel-manifest.avsc: createdAt (2026-12-07T10:00Z) and transport.mode (ROAD, so
    // no air waybill is needed). Read with the old ManifestRecord names, both were dropped: created 1970-01-01, mode AIR.
    private const string SchemaNamedManifest = """
        {
          "manifestId": "MF-JSON-1", "trackingNumber": "RR123456785CN", "operatorCode": "CNPOST", "operatorType": "POSTAL",
          "createdAt": 1796637600000,
          "airWaybill": null,
          "transport": { "mode": "ROAD", "carrierCode": null },
          "departureCountry": "CN", "destinationCountry": "DE",
          "consignor": { "name": "Shenzhen Bright Trading Co., Ltd.", "addressLine1": "88 Huaqiang North Road", "city": "Shenzhen", "countryCode": "CN" },
          "consignee": { "name": "Jurgen Muller", "addressLine1": "Hauptstrasse 12", "city": "Koeln", "postalCode": "50667", "countryCode": "DE", "taxId": null },
          "category": "SALE_OF_GOODS",
          "items": [ { "description": "Bluetooth headphones", "hsCode": "851830", "quantity": 1, "netWeightGrams": 320, "valueMinor": 2999, "originCountry": "CN" } ],
          "currency": "EUR", "totalValueMinor": 2999, "grossWeightGrams": 500, "pieces": 1
        }
        """;

    [Fact]
    public void Explain_JsonWithSchemaFieldNames_UsesCreatedAtAndTransportMode()
    {
        string file = Write(SchemaNamedManifest);
        try
        {
            using HostProcess explain = HostProcess.Start("rules", "explain", StatefulHarness.DefaultRules, "--manifest", file);
            Assert.True(explain.WaitForExit(s_timeout), "rules explain did not finish");

            Assert.True(explain.ExitCode == 0, $"exit {explain.ExitCode}: {explain.StandardError}");
            Assert.Contains(explain.StandardOutput, line => line.Contains("created 2026-12-07", StringComparison.Ordinal));
            Assert.DoesNotContain(explain.StandardOutput, line => line.Contains("MISSING_DATA", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("\"createdAt\": 1796637600000", "\"createdAtMillis\": 1796637600000", "$.createdAtMillis: unknown field")]
    [InlineData("\"transport\": { \"mode\": \"ROAD\", \"carrierCode\": null }", "\"transportMode\": \"ROAD\", \"transport\": { \"mode\": \"ROAD\" }", "$.transportMode: unknown field")]
    [InlineData("\"countryCode\": \"DE\", \"taxId\": null", "\"countryCode\": \"DE\", \"taxid\": null", "$.consignee.taxid: unknown field")]
    [InlineData("\"createdAt\": 1796637600000,", "", "$.createdAt: required field missing")]
    public void Explain_JsonWithUnknownOrMissingField_ExitsTwoNamingTheField(string replace, string with, string expected)
    {
        Assert.Contains(replace, SchemaNamedManifest, StringComparison.Ordinal);
        string file = Write(SchemaNamedManifest.Replace(replace, with, StringComparison.Ordinal));
        try
        {
            using HostProcess explain = HostProcess.Start("rules", "explain", StatefulHarness.DefaultRules, "--manifest", file);
            Assert.True(explain.WaitForExit(s_timeout), "rules explain did not finish");

            Assert.Equal(2, explain.ExitCode);
            Assert.Contains(expected, explain.StandardError, StringComparison.Ordinal);
            Assert.Empty(explain.StandardOutput);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Write(string json)
    {
        string file = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        return file;
    }
}
