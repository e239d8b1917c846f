using System.CommandLine;
using System.Text;

namespace ParcelStream.Host.Commands;

/// <summary>
/// An option over an enum, spelt the same way in every command: lower-case kebab values in help
/// (<c>single-object</c>, <c>tracking-number</c>), read case-insensitively with or without dashes (so the C# names, as in
/// <c>SingleObject</c>, also work).
/// </summary>
internal static class EnumOption
{
    /// <summary>Creates the option.</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="name">The option name, e.g. "--framing".</param>
    /// <param name="description">What it chooses.</param>
    /// <param name="defaultValue">The value when the option is absent.</param>
    /// <returns>The option; a value that names no member is a parse error listing the valid ones.</returns>
    public static Option<TEnum> Create<TEnum>(string name, string description, TEnum defaultValue)
        where TEnum : struct, Enum
    {
        string[] values = [.. Enum.GetNames<TEnum>().Select(Kebab)];
        return new Option<TEnum>(name)
        {
            Description = description,
            HelpName = string.Join('|', values),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                foreach (TEnum value in Enum.GetValues<TEnum>())
                {
                    if (string.Equals(Squash(value.ToString()), Squash(text), StringComparison.OrdinalIgnoreCase))
                    {
                        return value;
                    }
                }

                result.AddError($"{name}: '{text}' is not one of {string.Join(", ", values)}.");
                return defaultValue;
            },
        };
    }

    /// <summary>Gets the help spelling of an enum member: SingleObject is single-object.</summary>
    /// <param name="member">The C# member name.</param>
    /// <returns>The kebab-case name.</returns>
    public static string Kebab(string member)
    {
        var text = new StringBuilder(member.Length + 4);
        for (int i = 0; i < member.Length; i++)
        {
            if (char.IsUpper(member[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(member[i]));
        }

        return text.ToString();
    }

    private static string Squash(string text) => text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
}
