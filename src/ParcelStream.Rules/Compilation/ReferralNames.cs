using ParcelStream.Codec.Decisions;

namespace ParcelStream.Rules.Compilation;

/// <summary>The names of referrals in a rule pack's effects (<c>referral: screening</c>) and the outcome each goes with.</summary>
internal static class ReferralNames
{
    private static readonly string[] s_names = ["none", "request-for-information", "documentary-check", "compliance-review", "screening", "physical-examination", "do-not-load"];

    /// <summary>Gets the names a pack may use, in <see cref="Referral"/> order (without "none").</summary>
    public static IEnumerable<string> All => s_names.Skip(1);

    /// <summary>Gets the pack name of a referral.</summary>
    /// <param name="referral">The referral.</param>
    /// <returns>The name.</returns>
    public static string Name(Referral referral) => s_names[(int)referral];

    /// <summary>Parses a pack name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="referral">The referral.</param>
    /// <returns>False when the name is not a referral's (or is "none").</returns>
    public static bool TryParse(string? name, out Referral referral)
    {
        int at = Array.IndexOf(s_names, name);
        referral = at > 0 ? (Referral)at : Referral.None;
        return at > 0;
    }
}
