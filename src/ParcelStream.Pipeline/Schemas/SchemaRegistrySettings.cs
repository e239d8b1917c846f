using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Schemas;

/// <summary>
/// The Confluent Schema Registry, from the configuration section <c>ParcelStream:SchemaRegistry</c>, in Confluent's own
/// vocabulary and passed through like <c>ParcelStream:Kafka</c>: the <c>schema.registry.*</c> properties go unchanged to
/// Confluent.SchemaRegistry's client (<c>schema.registry.url</c>, <c>schema.registry.basic.auth.user.info</c>,
/// <c>schema.registry.ssl.ca.location</c>, <c>schema.registry.value.subject.name.strategy</c>...), plus the serializers'
/// <c>auto.register.schemas</c>. No <c>schema.registry.url</c> = no registry: the local schemas alone, as before.
/// </summary>
public sealed class SchemaRegistrySettings
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "ParcelStream:SchemaRegistry";

    /// <summary>The registry's address(es), Confluent's key.</summary>
    public const string UrlKey = "schema.registry.url";

    /// <summary>Whether ParcelStream's own schemas are registered (true, Confluent's default) or only looked up (false).</summary>
    public const string AutoRegisterKey = "auto.register.schemas";

    /// <summary>Confluent's client property that names the subject name strategy: Topic, Record or TopicRecord.</summary>
    public const string SubjectNameStrategyKey = "schema.registry.value.subject.name.strategy";

    /// <summary>Confluent's client property: attempts per request.</summary>
    private const string MaxRetriesKey = "schema.registry.max.retries";

    /// <summary>The client properties' prefix.</summary>
    private const string ClientPrefix = "schema.registry.";

    /// <summary>Settings without a registry.</summary>
    public static SchemaRegistrySettings None { get; } = new(new Dictionary<string, string>(), autoRegister: true, SubjectNameStrategy.Topic);

    private SchemaRegistrySettings(IReadOnlyDictionary<string, string> client, bool autoRegister, SubjectNameStrategy strategy)
    {
        Client = client;
        AutoRegister = autoRegister;
        SubjectNameStrategy = strategy;
    }

    /// <summary>Gets the properties given to Confluent's client (all <c>schema.registry.*</c>).</summary>
    public IReadOnlyDictionary<string, string> Client { get; }

    /// <summary>Gets a value indicating whether a registry is configured (<c>schema.registry.url</c> set).</summary>
    public bool Enabled => Client.TryGetValue(UrlKey, out string? url) && !string.IsNullOrWhiteSpace(url);

    /// <summary>Gets the registry's URL(s), or an empty string.</summary>
    public string Url => Client.GetValueOrDefault(UrlKey, string.Empty);

    /// <summary>Gets a value indicating whether ParcelStream's schemas are registered (true) or only looked up.</summary>
    public bool AutoRegister { get; }

    /// <summary>Gets how subjects are named from the topic and the record name (Confluent's strategies).</summary>
    public SubjectNameStrategy SubjectNameStrategy { get; }

    /// <summary>Reads and checks the section: Confluent's client validates its own properties, so a misspelt one stops start-up.</summary>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The settings; <see cref="Enabled"/> false when no URL is set.</returns>
    /// <exception cref="InvalidConfigurationException">A property is unknown or invalid; the message names its key.</exception>
    public static SchemaRegistrySettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IConfigurationSection child in configuration.GetSection(SectionName).GetChildren())
        {
            if (child.Value is null)
            {
                throw new InvalidConfigurationException($"{SectionName}:{child.Key}", "must be a Schema Registry property with a value (e.g. schema.registry.url=http://registry:8081).");
            }

            properties[child.Key] = child.Value;
        }

        return FromProperties(properties);
    }

    /// <summary>Checks Confluent properties given directly (tests, tools).</summary>
    /// <param name="properties">Property names and values.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidConfigurationException">A property is unknown or invalid; the message names its key.</exception>
    public static SchemaRegistrySettings FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var client = new Dictionary<string, string>(StringComparer.Ordinal);
        bool autoRegister = true;
        foreach ((string key, string value) in properties)
        {
            if (key == AutoRegisterKey)
            {
                autoRegister = bool.TryParse(value, out bool parsed)
                    ? parsed
                    : throw new InvalidConfigurationException($"{SectionName}:{key}", $"'{value}' is not true or false.");
            }
            else if (key.StartsWith(ClientPrefix, StringComparison.Ordinal))
            {
                client[key] = value;
            }
            else
            {
                throw new InvalidConfigurationException($"{SectionName}:{key}", $"is not a setting: the section takes Confluent's schema.registry.* client properties and {AutoRegisterKey}.");
            }
        }

        // Confluent's client fails every request with a NullReferenceException when it may not try at least once.
        if (client.TryGetValue(MaxRetriesKey, out string? retries) && int.TryParse(retries, out int maxRetries) && maxRetries < 1)
        {
            throw new InvalidConfigurationException($"{SectionName}:{MaxRetriesKey}", "must be at least 1 (Confluent's client then makes no request at all).");
        }

        var settings = new SchemaRegistrySettings(client, autoRegister, Strategy(client));
        if (settings.Enabled)
        {
            using ISchemaRegistryClient checkedClient = settings.CreateClient();
        }
        else if (client.Count > 0)
        {
            throw new InvalidConfigurationException($"{SectionName}:{UrlKey}", $"is required when other registry properties are set ({string.Join(", ", client.Keys)}).");
        }

        return settings;
    }

    /// <summary>Builds Confluent's client; its constructor checks every property.</summary>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidConfigurationException">Confluent's client rejected a property; the message names it.</exception>
    public ISchemaRegistryClient CreateClient()
    {
        try
        {
            return new CachedSchemaRegistryClient(Client);
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or IOException or System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new InvalidConfigurationException($"{SectionName}:{KeyIn(ex.Message)}", $"is not accepted by Confluent's Schema Registry client: {ex.Message}", ex);
        }
    }

    /// <summary>The property an error message names (the longest that occurs in it), else the URL (what the client parses first).</summary>
    private string KeyIn(string message) =>
        Client.Keys.Where(k => message.Contains(k, StringComparison.Ordinal)).OrderByDescending(k => k.Length).FirstOrDefault()
        ?? (message.Contains("ssl", StringComparison.OrdinalIgnoreCase) || message.Contains("file", StringComparison.OrdinalIgnoreCase)
            ? Client.Keys.FirstOrDefault(k => k.Contains(".ssl.", StringComparison.Ordinal)) ?? UrlKey
            : UrlKey);

    private static SubjectNameStrategy Strategy(Dictionary<string, string> client)
    {
        if (!client.TryGetValue(SubjectNameStrategyKey, out string? value))
        {
            return SubjectNameStrategy.Topic;
        }

        // Confluent's names; the Java class names (io.confluent...TopicNameStrategy) are accepted too.
        string name = value[(value.LastIndexOf('.') + 1)..];
        name = name.EndsWith("NameStrategy", StringComparison.Ordinal) ? name[..^"NameStrategy".Length] : name;
        if (Enum.TryParse(name, ignoreCase: true, out SubjectNameStrategy strategy) && strategy is SubjectNameStrategy.Topic or SubjectNameStrategy.Record or SubjectNameStrategy.TopicRecord)
        {
            client[SubjectNameStrategyKey] = strategy.ToString();
            return strategy;
        }

        throw new InvalidConfigurationException($"{SectionName}:{SubjectNameStrategyKey}", $"'{value}' is not one of Topic, Record, TopicRecord.");
    }
}
