using Microsoft.Extensions.Configuration;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Operations;

/// <summary>Binds an options section the way start-up wants it: a value of the wrong type stops start-up naming the section.</summary>
internal static class OptionsBinding
{
    /// <summary>Binds <paramref name="section"/> into a new <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="section">The section, e.g. ParcelStream:Metrics.</param>
    /// <returns>The options (not validated).</returns>
    /// <exception cref="InvalidConfigurationException">A value has the wrong type.</exception>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidConfigurationException($"Configuration section {section} has a value of the wrong type: {ex.Message}", ex);
        }

        return options;
    }
}
