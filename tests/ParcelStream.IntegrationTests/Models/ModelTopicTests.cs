using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using ParcelStream.Pipeline.Models;
using ParcelStream.Rules;
using ParcelStream.Rules.Learning;

namespace ParcelStream.IntegrationTests.Models;

/// <summary>Models published to the model topic (<c>parcelstream model publish</c>) reach the engine of every worker that reads it.</summary>
public sealed class ModelTopicTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Publish_ValidModelThenABrokenOne_EngineUsesTheValidOneAndKeepsIt()
    {
        string topic = fixture.CreateTopic("models", partitions: 1);
        string directory = Path.Combine(Path.GetTempPath(), "ps-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string file = Path.Combine(directory, RiskModelFile.FileName);
            File.WriteAllBytes(file, RiskModelFile.Serialize(Model("topic-model-1")));
            using HostProcess publish = HostProcess.Start("model", "publish", file, "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic);
            Assert.True(publish.WaitForExit(s_timeout), "publish did not finish");
            Assert.True(publish.ExitCode == 0, $"exit {publish.ExitCode}: {publish.StandardError}");
            Assert.Contains(publish.StandardOutput, l => l.StartsWith("published model topic-model-1 (1 trees", StringComparison.Ordinal));

            // A file the workers would reject is not sent.
            string broken = Path.Combine(directory, "broken.json");
            File.WriteAllText(broken, "{\"format\":\"parcelstream-risk-model/1\"}");
            using HostProcess refused = HostProcess.Start("model", "publish", broken, "--bootstrap-servers", fixture.BootstrapServers, "--topic", topic);
            Assert.True(refused.WaitForExit(s_timeout), "publish did not finish");
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("risk model: version is required", refused.StandardError, StringComparison.Ordinal);

            // A broken record that reached the topic some other way is skipped: the engine keeps the valid model.
            using (IProducer<string, byte[]> producer = new ProducerBuilder<string, byte[]>(fixture.ProducerConfig()).Build())
            {
                producer.Produce(topic, new Message<string, byte[]> { Key = ModelOptions.RecordKey, Value = Encoding.UTF8.GetBytes("not a model") });
                producer.Flush(s_timeout);
            }

            var engine = new RuleEngine(RulePack.Load(Worker.StatefulHarness.DefaultRules), new RuleEngineOptions { WatchForChanges = false });
            var config = new Dictionary<string, string> { ["bootstrap.servers"] = fixture.BootstrapServers };
            using var reader = new ModelTopicReader(topic, config, engine, NullLogger.Instance);
            reader.Start();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while ((reader.Applied < 1 || reader.Rejected < 1) && waited.Elapsed < s_timeout)
            {
                Thread.Sleep(50);
            }

            Assert.Equal(1, reader.Applied);
            Assert.Equal(1, reader.Rejected);
            Assert.Equal("topic-model-1", engine.Current.Model?.Version);
            Assert.Equal(ModelMode.Active, engine.Current.ModelMode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static RiskModel Model(string version)
    {
        var trees = new TreeEnsemble([new TreeNode((int)RiskFeature.ValuePerKgRatio, 0.3f, ~0, ~1)], [0], [2, -1], [0], RiskFeatures.Count);
        return new RiskModel(version, new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), FeatureNorms.Empty, trees, -1, 2);
    }
}
