using ParcelStream.Rules;

namespace ParcelStream.Learning.Tests.Support;

/// <summary>The shipped rule pack, loaded once (its currencies convert the values).</summary>
internal static class Packs
{
    private static readonly Lazy<RulePack> s_default = new(() => RulePack.Load(Path.Combine(AppContext.BaseDirectory, "rules", "default")));

    public static RulePack Default => s_default.Value;
}
