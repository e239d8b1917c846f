using System.CommandLine;
using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Host.Commands;

/// <summary>
/// <c>--schema-registry-url</c> and <c>--schema-registry-property</c> of <c>decisions tail</c> and <c>inspections
/// publish</c>: the Confluent Schema Registry the worker uses (its <c>ParcelStream:SchemaRegistry</c> section), in
/// Confluent's client property names.
/// </summary>
internal sealed class SchemaRegistryOption
{
    /// <summary>Gets the URL option.</summary>
    public Option<string?> Url { get; } = new("--schema-registry-url")
    {
        Description = "Confluent Schema Registry (schema.registry.url, as the worker's ParcelStream:SchemaRegistry section): schema ids are the registry's.",
    };

    /// <summary>Gets the other properties' option.</summary>
    public Option<string[]> Properties { get; } = new("--schema-registry-property")
    {
        Description = "Another Confluent Schema Registry client property, KEY=VALUE (schema.registry.basic.auth.user.info=user:password, schema.registry.ssl.ca.location=..., ...); repeat for several.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Reads the settings given on the command line.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="settings">The settings; <see cref="SchemaRegistrySettings.None"/> without a URL.</param>
    /// <param name="problem">Why they are not valid (naming the property), else null.</param>
    /// <returns>False when a property is malformed or rejected: the caller reports it and exits 2.</returns>
    public bool TryGet(ParseResult parse, out SchemaRegistrySettings settings, out string? problem)
    {
        settings = SchemaRegistrySettings.None;
        problem = null;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string property in parse.GetValue(Properties) ?? [])
        {
            int equals = property.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = $"--schema-registry-property '{property}' is not KEY=VALUE.";
                return false;
            }

            properties[property[..equals]] = property[(equals + 1)..];
        }

        if (parse.GetValue(Url) is { Length: > 0 } url)
        {
            properties[SchemaRegistrySettings.UrlKey] = url;
        }

        try
        {
            settings = SchemaRegistrySettings.FromProperties(properties);
            return true;
        }
        catch (InvalidConfigurationException ex)
        {
            problem = ex.Message;
            return false;
        }
    }
}
