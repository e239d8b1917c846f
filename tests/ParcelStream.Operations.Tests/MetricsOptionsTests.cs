using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations.Tests;

public sealed class MetricsOptionsTests
{
    [Theory]
    [InlineData("-1", "*", "ParcelStream:Metrics:Port")]
    [InlineData("65536", "*", "ParcelStream:Metrics:Port")]
    [InlineData("9464", "localhost", "ParcelStream:Metrics:BindAddress")]
    [InlineData("9464", "300.1.1.1", "ParcelStream:Metrics:BindAddress")]
    public void AddParcelStreamMetrics_InvalidSetting_ThrowsNamingTheKey(string port, string address, string key)
    {
        IConfiguration configuration = Configuration(("ParcelStream:Metrics:Port", port), ("ParcelStream:Metrics:BindAddress", address));

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => new ServiceCollection().AddParcelStreamMetrics(configuration));

        Assert.Equal(key, ex.Key);
    }

    [Fact]
    public void AddParcelStreamMetrics_PortNotANumber_ThrowsNamingTheSection()
    {
        IConfiguration configuration = Configuration(("ParcelStream:Metrics:Port", "ninety"));

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => new ServiceCollection().AddParcelStreamMetrics(configuration));

        Assert.Contains("ParcelStream:Metrics", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, true, 9464, "*")]
    [InlineData("false", "0", false, 0, "*")]
    [InlineData("true", "19464", true, 19464, "::1")]
    public void AddParcelStreamMetrics_ValidSettings_BoundAndServerRegisteredWhenEnabled(string? enabled, string? port, bool expectServer, int expectedPort, string address)
    {
        IConfiguration configuration = Configuration(("ParcelStream:Metrics:Enabled", enabled), ("ParcelStream:Metrics:Port", port), ("ParcelStream:Metrics:BindAddress", address));
        var services = new ServiceCollection();

        services.AddParcelStreamMetrics(configuration);

        using ServiceProvider provider = services.BuildServiceProvider();
        MetricsOptions options = provider.GetRequiredService<MetricsOptions>();
        Assert.Equal(expectedPort, options.Port);
        Assert.Equal(address, options.BindAddress);
        Assert.Equal(expectServer, services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OperationsService)));
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
