using System.Text;
using Confluent.Kafka;
using ParcelStream.Codec;
using ParcelStream.Codec.Inspections;

namespace ParcelStream.IntegrationTests;

/// <summary>`parcelstream inspections publish`: results written by hand reach the results topic as the worker reads them.</summary>
public sealed class InspectionsPublishTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("results.csv", "manifestId,result,findingCodes,inspector,inspectedAt\nMF-1,FOUND,UNDERVALUED;COUNTERFEIT,desk-7,2026-12-07T10:00:00Z\nMF-2,clean,,,1796637600000\n\"MF-3\",Found,PROHIBITED,desk-9,\n")]
    [InlineData("results.jsonl", "{\"manifestId\":\"MF-1\",\"result\":\"FOUND\",\"findingCodes\":[\"UNDERVALUED\",\"COUNTERFEIT\"],\"inspector\":\"desk-7\",\"inspectedAt\":\"2026-12-07T10:00:00Z\"}\n{\"manifestId\":\"MF-2\",\"result\":\"CLEAN\",\"inspectedAt\":1796637600000}\n\n{\"manifestId\":\"MF-3\",\"result\":\"found\",\"findingCodes\":[\"PROHIBITED\"],\"inspector\":\"desk-9\"}\n")]
    public void Publish_CsvOrJsonLines_EveryResultOnTheTopicKeyedByManifestIdAndReadableByTheWorkersReader(string name, string content)
    {
        string topic = fixture.CreateTopic("results", partitions: 1);
        string file = Write(name, content);
        try
        {
            using HostProcess publish = HostProcess.Start("inspections", "publish", "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic, "--file", file, "--inspector", "analyst-1");
            Assert.True(publish.WaitForExit(s_timeout), "publish did not finish");
            Assert.True(publish.ExitCode == 0, $"exit {publish.ExitCode}: {publish.StandardError}");
            Assert.Contains(publish.StandardOutput, l => l.StartsWith("sent 3 inspection results (FOUND 2, CLEAN 1)", StringComparison.Ordinal));

            List<ConsumeResult<byte[], byte[]>> records = KafkaTestClient.ConsumeAll(fixture.ConsumerConfig($"g-{Guid.NewGuid():N}"), topic, 3);
            var reports = records.Select(r =>
            {
                Assert.False(InspectionReportReader.Read(r.Message.Value, SchemaRegistry.Default, out InspectionReport? report).IsError);
                Assert.Equal(report!.ManifestId, Encoding.UTF8.GetString(r.Message.Key));
                return report;
            }).ToList();

            Assert.Equal(["MF-1", "MF-2", "MF-3"], reports.Select(r => r.ManifestId));
            Assert.Equal([InspectionOutcome.Found, InspectionOutcome.Clean, InspectionOutcome.Found], reports.Select(r => r.Result));
            Assert.Equal(["UNDERVALUED", "COUNTERFEIT"], reports[0].FindingCodes);
            Assert.Equal(["desk-7", "analyst-1", "desk-9"], reports.Select(r => r.Inspector));
            Assert.Equal(1796637600000, reports[0].InspectedAtMillis);
            Assert.Equal(1796637600000, reports[1].InspectedAtMillis);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Publish_OneWrongLine_ExitsTwoNamingEachLineAndSendsNothing()
    {
        string topic = fixture.CreateTopic("results-bad", partitions: 1);
        string file = Write("bad.csv", "manifestId,result,inspector\nMF-1,FOUND,desk-1\nMF-2,MAYBE,desk-1\n,CLEAN,desk-1\nMF-4,CLEAN,desk-1\n");
        try
        {
            using HostProcess publish = HostProcess.Start("inspections", "publish", "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic, "--file", file);
            Assert.True(publish.WaitForExit(s_timeout), "publish did not finish");

            Assert.Equal(2, publish.ExitCode);
            Assert.Contains($"{file}:3: result must be FOUND or CLEAN, not 'MAYBE'", publish.StandardError, StringComparison.Ordinal);
            Assert.Contains($"{file}:4: manifestId is missing", publish.StandardError, StringComparison.Ordinal);
            Assert.Contains("nothing sent", publish.StandardError, StringComparison.Ordinal);
            using IConsumer<byte[], byte[]> consumer = new ConsumerBuilder<byte[], byte[]>(fixture.ConsumerConfig($"g-{Guid.NewGuid():N}")).Build();
            WatermarkOffsets marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));
            Assert.Equal(0, marks.High.Value);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Write(string name, string content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        return path;
    }
}
