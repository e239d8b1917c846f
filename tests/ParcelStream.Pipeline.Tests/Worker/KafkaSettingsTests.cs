using Microsoft.Extensions.Configuration;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Worker;

public sealed class KafkaSettingsTests
{
    [Fact]
    public void AddConsumerDefaults_NothingSet_FetchQueueBackoffShortAndFetchWaitBounded()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);

        KafkaSettings.AddConsumerDefaults(settings);

        // librdkafka's own 1,000 ms backoff starves the lanes after every in-flight pause.
        Assert.Equal("10", settings["fetch.queue.backoff.ms"]);
        Assert.Equal("50", settings["fetch.wait.max.ms"]);
    }

    [Theory]
    [InlineData("fetch.queue.backoff.ms", "250")]
    [InlineData("fetch.wait.max.ms", "500")]
    public void AddConsumerDefaults_OperatorSetsKey_OperatorValueKept(string key, string value)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value };

        KafkaSettings.AddConsumerDefaults(settings);

        Assert.Equal(value, settings[key]);
    }

    [Fact]
    public void WithConsumerDefaults_OperatorSettings_CopyWithDefaultsAndOperatorValuesInputUnchanged()
    {
        var passThrough = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fetch.wait.max.ms"] = "500",
            ["security.protocol"] = "SASL_SSL",
        };

        Dictionary<string, string> consumer = KafkaSettings.WithConsumerDefaults(passThrough);

        Assert.Equal("10", consumer["fetch.queue.backoff.ms"]);
        Assert.Equal("500", consumer["fetch.wait.max.ms"]);
        Assert.Equal("SASL_SSL", consumer["security.protocol"]);
        Assert.Equal(2, passThrough.Count);
    }

    [Fact]
    public void DecisionProducer_ConsumerOnlySettingsPassedThrough_LeftOutOfTheProducer()
    {
        var passThrough = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fetch.queue.backoff.ms"] = "5",
            ["security.protocol"] = "SASL_SSL",
        };

        Dictionary<string, string> producer = KafkaSettings.DecisionProducer("b:9092", 20_000, passThrough);

        Assert.False(producer.ContainsKey("fetch.queue.backoff.ms"));
        Assert.Equal("SASL_SSL", producer["security.protocol"]);
    }

    [Fact]
    public void DecisionProducer_TransactionalIdAndPassThrough_PassThroughOverridesDefaultsAndIdIsSet()
    {
        var passThrough = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["linger.ms"] = "5",
            ["session.timeout.ms"] = "6000",
        };

        Dictionary<string, string> producer = KafkaSettings.DecisionProducer("b:9092", 20_000, passThrough, "parcelstream-tx");

        Assert.Equal("parcelstream-tx", producer["transactional.id"]);
        Assert.Equal("5", producer["linger.ms"]);
        Assert.Equal("true", producer["enable.idempotence"]);
        Assert.False(producer.ContainsKey("session.timeout.ms"));
        Assert.False(KafkaSettings.DecisionProducer("b:9092", 20_000, passThrough).ContainsKey("transactional.id"));
    }

    [Fact]
    public void AddGroupDefaults_NothingSet_TenSecondSessionDynamicMemberMetadataEvery30s()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);

        KafkaSettings.AddGroupDefaults(settings, new WorkerOptions { BootstrapServers = "b:9092" });

        // librdkafka's 45 s session kept a killed worker's partitions undecided for 87 s (perf/results/recovery-2026-12-07.md).
        Assert.Equal("10000", settings["session.timeout.ms"]);
        Assert.Equal("30000", settings["topic.metadata.refresh.interval.ms"]);
        Assert.False(settings.ContainsKey("group.instance.id"));
    }

    [Fact]
    public void AddGroupDefaults_GroupInstanceIdAndSessionTimeoutSet_PassedToLibrdkafka()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);

        KafkaSettings.AddGroupDefaults(settings, new WorkerOptions { BootstrapServers = "b:9092", GroupInstanceId = "worker-0", SessionTimeoutMs = 15_000 });

        Assert.Equal("worker-0", settings["group.instance.id"]);
        Assert.Equal("15000", settings["session.timeout.ms"]);
    }

    [Fact]
    public void AddGroupDefaults_OperatorSetsSessionTimeoutInKafkaSection_OperatorValueKept()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["session.timeout.ms"] = "6000" };

        KafkaSettings.AddGroupDefaults(settings, new WorkerOptions { BootstrapServers = "b:9092" });

        Assert.Equal("6000", settings["session.timeout.ms"]);
    }

    [Theory]
    [InlineData("sesion.timeout.ms", "6000")]
    [InlineData("session.timeout.ms", "soon")]
    public void FromConfiguration_PropertyLibrdkafkaRejects_ThrowsNamingTheKey(string key, string value)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("ParcelStream:Kafka:" + key, value)])
            .Build();

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => KafkaSettings.FromConfiguration(configuration));
        Assert.Equal("ParcelStream:Kafka:" + key, ex.Key);
    }
}
