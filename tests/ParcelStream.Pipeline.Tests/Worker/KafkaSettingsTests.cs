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
    public void NativeProducer_ConsumerOnlySettingsPassedThrough_LeftOutOfTheProducer()
    {
        var passThrough = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["fetch.queue.backoff.ms"] = "5",
            ["security.protocol"] = "SASL_SSL",
        };

        Dictionary<string, string> producer = KafkaSettings.NativeProducer("b:9092", 20_000, passThrough);

        Assert.False(producer.ContainsKey("fetch.queue.backoff.ms"));
        Assert.Equal("SASL_SSL", producer["security.protocol"]);
    }
}
