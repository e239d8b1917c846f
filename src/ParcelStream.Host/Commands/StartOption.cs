using System.CommandLine;
using System.Globalization;

namespace ParcelStream.Host.Commands;

/// <summary><c>--start</c> of <c>generate</c> and <c>dev</c>: the createdAt of the first generated manifest.</summary>
internal static class StartOption
{
    /// <summary>Creates the option.</summary>
    /// <returns>The option (a string, parsed by <see cref="TryParse"/> so that a bad value exits 2 naming it).</returns>
    public static Option<string> Create() => new("--start")
    {
        Description = "createdAt of the first manifest, UTC: a date (2026-06-25) or a date and time (2026-06-25T06:00:00Z). Default: now.",
    };

    /// <summary>Parses the option's value.</summary>
    /// <param name="text">The value, or null when not given.</param>
    /// <param name="start">The start, or null for the generator's default (now).</param>
    /// <returns>False when the value is not a date: the caller reports it and exits 2.</returns>
    public static bool TryParse(string? text, out DateTimeOffset? start)
    {
        start = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            start = parsed;
            return true;
        }

        return false;
    }
}
