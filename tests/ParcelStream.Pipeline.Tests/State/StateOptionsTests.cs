using ParcelStream.Pipeline.State;
using ParcelStream.Pipeline.Worker;
using ParcelStream.Rules;

namespace ParcelStream.Pipeline.Tests.State;

public sealed class StateOptionsTests
{
    private static readonly Lazy<RulePack> s_pack = new(() => RulePack.Load(Path.Combine(AppContext.BaseDirectory, "rules", "default")));

    [Fact]
    public void StatefulProcessing_Defaults_TopicsNamedAfterTheApplicationAndEveryThresholdInThePack()
    {
        var processing = new StatefulProcessing(new StateOptions { Enabled = true, ApplicationId = "customs-de" }, () => s_pack.Value);
        Assert.Equal("parcelstream.customs-de.split-repartition", processing.Options.RepartitionTopic);
        Assert.Equal("parcelstream.customs-de.split-store-changelog", processing.Options.ChangelogTopic);
        Assert.Equal(TimeSpan.FromHours(72), processing.Settings.Window);
        Assert.Equal("ioss-limit", processing.Settings.ThresholdFor("FR"u8));
        Assert.Equal("gb-low-value", processing.Settings.ThresholdFor("GB"u8));
        Assert.Null(processing.Settings.ThresholdFor("CH"u8));
    }

    [Theory]
    [InlineData("ApplicationId", "ParcelStream:State:ApplicationId")]
    [InlineData("WindowHours", "ParcelStream:State:WindowHours")]
    [InlineData("MaxParcelsPerConsignee", "ParcelStream:State:MaxParcelsPerConsignee")]
    [InlineData("RestoreTimeoutMs", "ParcelStream:State:RestoreTimeoutMs")]
    [InlineData("UnknownThreshold", "ParcelStream:State:SplitThresholds:DE")]
    [InlineData("BadCountry", "ParcelStream:State:SplitThresholds")]
    public void StatefulProcessing_BadValue_StopsStartNamingTheKey(string problem, string key)
    {
        var o = new StateOptions { Enabled = true };
        switch (problem)
        {
            case "ApplicationId": o.ApplicationId = "a.b"; break;
            case "WindowHours": o.WindowHours = 0; break;
            case "MaxParcelsPerConsignee": o.MaxParcelsPerConsignee = 1; break;
            case "RestoreTimeoutMs": o.RestoreTimeoutMs = 10; break;
            case "UnknownThreshold": o.SplitThresholds["DE"] = "no-such-threshold"; break;
            case "BadCountry": o.SplitThresholds["Germany"] = "ioss-limit"; break;
        }

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => new StatefulProcessing(o, () => s_pack.Value));
        Assert.Equal(key, ex.Key);
    }

    [Fact]
    public void SplitThresholds_MemberStateNamedBesideEu_MemberStateWins()
    {
        var o = new StateOptions { SplitThresholds = { ["EU"] = "ioss-limit", ["DE"] = "eu-duty-relief" } };
        var processing = new StatefulProcessing(o, () => s_pack.Value);
        Assert.Equal("eu-duty-relief", processing.Settings.ThresholdFor("DE"u8));
        Assert.Equal("ioss-limit", processing.Settings.ThresholdFor("AT"u8));
    }
}
