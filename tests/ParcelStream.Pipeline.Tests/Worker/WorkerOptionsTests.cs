using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Worker;

public sealed class WorkerOptionsTests
{
    private static WorkerOptions Valid() => new() { BootstrapServers = "127.0.0.1:9092" };

    [Fact]
    public void Validate_Defaults_WithBootstrap_Passes() => Valid().Validate();

    [Theory]
    [InlineData("BootstrapServers")]
    [InlineData("MaxInFlight")]
    [InlineData("CommitIntervalMs")]
    [InlineData("InputFraming")]
    [InlineData("TransactionalId")]
    [InlineData("DeadLetterTopic")]
    public void Validate_BadValue_MessageNamesTheKey(string key)
    {
        WorkerOptions o = Valid();
        switch (key)
        {
            case "BootstrapServers": o.BootstrapServers = " "; break;
            case "MaxInFlight": o.MaxInFlight = 0; break;
            case "CommitIntervalMs": o.CommitIntervalMs = 1; break;
            case "InputFraming": o.InputFraming = "xml"; break;
            case "TransactionalId": o.ExactlyOnce = true; break;
            case "DeadLetterTopic": o.DeadLetterTopic = o.InputTopic; break;
        }

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(o.Validate);
        Assert.Equal("ParcelStream:Worker:" + key, ex.Key);
        Assert.Contains("ParcelStream:Worker:" + key, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SessionTimeoutMs", "999")]
    [InlineData("GroupInstanceId", "pod 1")]
    [InlineData("GroupInstanceId", "pod/1")]
    [InlineData("ConnectTimeoutMs", "0")]
    public void Validate_BadGroupOrConnectSetting_MessageNamesTheKey(string key, string value)
    {
        WorkerOptions o = Valid();
        switch (key)
        {
            case "SessionTimeoutMs": o.SessionTimeoutMs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "GroupInstanceId": o.GroupInstanceId = value; break;
            case "ConnectTimeoutMs": o.ConnectTimeoutMs = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(o.Validate);
        Assert.Equal("ParcelStream:Worker:" + key, ex.Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("parcelstream-worker-7d9f8c6b5-x2x7k")]
    public void Validate_GroupInstanceIdUnsetOrAPodName_Passes(string? id)
    {
        WorkerOptions o = Valid();
        o.GroupInstanceId = id;
        o.Validate();
    }
}
