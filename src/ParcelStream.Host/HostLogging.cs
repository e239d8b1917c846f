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

        // A start-up step that fails (the metrics port taken, no broker answering) throws an exception naming its setting,
        // which `run` prints as one line and exits 2: the host's own "Hosting failed to start" error would add its stack
        // trace. A background service that fails is still logged, at Critical ("stopping the host").
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        // Probes and scrapes every few seconds were most of the log (88 of 101 lines in one run): one line per request
        // only when asked (Logging:LogLevel:Microsoft.AspNetCore=Information), failures still at Warning.
        if (configuration.GetSection("Logging:LogLevel:Microsoft.AspNetCore").Value is null)
        {
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        if (configuration.GetSection("Logging:LogLevel:Default").Value is null)
        {
            logging.SetMinimumLevel(LogLevel.Information);
        }
    }
}
