using System.Net;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations;

/// <summary>
/// Settings of the operations endpoint (<c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c> on one HTTP port), bound from
/// <c>ParcelStream:Metrics</c> (environment: <c>PARCELSTREAM__METRICS__PORT=9464</c>).
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:Metrics";

    /// <summary>The default port (the OpenTelemetry Prometheus exporter's, so scrape configs that expect it work).</summary>
    public const int DefaultPort = 9464;

    /// <summary>Gets or sets a value indicating whether the endpoint runs at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Gets or sets the address to listen on: "*" for every interface (the default, for a pod), or an IP address such as 127.0.0.1.</summary>
    public string BindAddress { get; set; } = "*";

    /// <summary>Gets the parsed <see cref="BindAddress"/>, or null for every interface.</summary>
    /// <returns>The address.</returns>
    public IPAddress? ParsedBindAddress() => BindAddress == "*" ? null : IPAddress.Parse(BindAddress);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; the message names its configuration key.</exception>
    public void Validate()
    {
        if (Port is < 0 or > 65_535)
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(Port)}", $"must be 0 (a free port) to 65535, got {Port}.");
        }

        if (BindAddress != "*" && !IPAddress.TryParse(BindAddress, out _))
        {
            throw new InvalidConfigurationException($"{SectionName}:{nameof(BindAddress)}", $"must be * (every interface) or an IP address, got '{BindAddress}'.");
        }
    }
}
