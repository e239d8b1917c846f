using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ParcelStream.Host;

/// <summary>Console logging for the host: structured JSON by default (for log shippers), plain text on request.</summary>
internal static class HostLogging
{
    /// <summary>The setting that picks the format: "json" (default) or "text".</summary>
    public const string FormatKey = "ParcelStream:Logging:Format";

    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        if (string.Equals(configuration[FormatKey], "text", StringComparison.OrdinalIgnoreCase))
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            // Without a format the JSON formatter writes no timestamp at all.
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        if (configuration.GetSection("Logging:LogLevel:Default").Value is null)
        {
            logging.SetMinimumLevel(LogLevel.Information);
        }
    }
}
