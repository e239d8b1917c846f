using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParcelStream.Rules.Tests.Support;

namespace ParcelStream.Rules.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task AddParcelStreamRules_ValidPack_StartsAndServesTheEngine()
    {
        using IHost host = Build(new Dictionary<string, string?>
        {
            ["ParcelStream:Rules:Directory"] = RuleHarness.DefaultPackDirectory,
            ["ParcelStream:Rules:HoldThreshold"] = "0.6",
            ["ParcelStream:Rules:PollInterval"] = "00:00:00",
        });
        await host.StartAsync();
        RuleEngine engine = host.Services.GetRequiredService<RuleEngine>();
        Assert.Equal("2026.12.1", engine.Current.Version);
        Assert.Same(engine, host.Services.GetRequiredService<RuleEngine>());
        await host.StopAsync();
    }

    [Fact]
    public async Task AddParcelStreamRules_InvalidPack_FailsStartWithFileAndLine()
    {
        using TempPack pack = TempPack.WithRules("rules:\n  - id: x\n    code: X\n    description: d\n    when: { field: nope, missing: true }\n    effect: { weight: 1 }\n");
        using IHost host = Build(new Dictionary<string, string?> { ["ParcelStream:Rules:Directory"] = pack.Directory });
        RulePackException e = await Assert.ThrowsAsync<RulePackException>(() => host.StartAsync());
        Assert.Equal($"{Path.Combine(pack.Directory, "rules.yaml")}:5: rule x: unknown field 'nope'", e.Errors.Single().ToString());
    }

    [Fact]
    public void AddParcelStreamRules_InvalidOption_ThrowsNamingTheKey()
    {
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => Build(new Dictionary<string, string?> { ["ParcelStream:Rules:InspectThreshold"] = "0.1" }));
        Assert.Contains("ParcelStream:Rules:InspectThreshold", e.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddParcelStreamRules(configuration);
        return builder.Build();
    }
}
