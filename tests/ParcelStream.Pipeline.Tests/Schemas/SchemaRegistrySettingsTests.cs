using ParcelStream.Pipeline.Schemas;
using ParcelStream.Pipeline.Worker;

namespace ParcelStream.Pipeline.Tests.Schemas;

public sealed class SchemaRegistrySettingsTests
{
    [Fact]
    public void FromProperties_None_DisabledLocalSchemasOnly()
    {
        SchemaRegistrySettings settings = SchemaRegistrySettings.FromProperties(new Dictionary<string, string>());

        Assert.False(settings.Enabled);
    }

    [Fact]
    public void FromProperties_ConfluentVocabulary_PassedToTheClient()
    {
        SchemaRegistrySettings settings = SchemaRegistrySettings.FromProperties(new Dictionary<string, string>
        {
            ["schema.registry.url"] = "https://registry:8081",
            ["schema.registry.basic.auth.user.info"] = "user:secret",
            ["schema.registry.value.subject.name.strategy"] = "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
            ["auto.register.schemas"] = "false",
        });

        Assert.True(settings.Enabled);
        Assert.Equal("https://registry:8081", settings.Url);
        Assert.Equal(Confluent.SchemaRegistry.SubjectNameStrategy.TopicRecord, settings.SubjectNameStrategy);
        Assert.False(settings.AutoRegister);
        Assert.Equal("user:secret", settings.Client["schema.registry.basic.auth.user.info"]);
    }

    [Theory]
    [InlineData("schema.registry.urll", "http://x", "ParcelStream:SchemaRegistry:schema.registry.urll")]
    [InlineData("schema.registry.basic.auth.credentials.source", "PASSWORD", "ParcelStream:SchemaRegistry:schema.registry.basic.auth.credentials.source")]
    [InlineData("schema.registry.request.timeout.ms", "soon", "ParcelStream:SchemaRegistry:schema.registry.request.timeout.ms")]
    [InlineData("schema.registry.value.subject.name.strategy", "Bogus", "ParcelStream:SchemaRegistry:schema.registry.value.subject.name.strategy")]
    [InlineData("schema.registry.max.retries", "0", "ParcelStream:SchemaRegistry:schema.registry.max.retries")]
    [InlineData("auto.register.schemas", "yes", "ParcelStream:SchemaRegistry:auto.register.schemas")]
    [InlineData("basic.auth.user.info", "a:b", "ParcelStream:SchemaRegistry:basic.auth.user.info")]
    public void FromProperties_BadProperty_ThrowsNamingTheKey(string key, string value, string named)
    {
        var properties = new Dictionary<string, string> { ["schema.registry.url"] = "http://registry:8081", [key] = value };

        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => SchemaRegistrySettings.FromProperties(properties));

        Assert.Equal(named, ex.Key);
    }

    [Fact]
    public void FromProperties_PropertiesWithoutUrl_ThrowsNamingTheUrl()
    {
        InvalidConfigurationException ex = Assert.Throws<InvalidConfigurationException>(() => SchemaRegistrySettings.FromProperties(new Dictionary<string, string> { ["schema.registry.basic.auth.user.info"] = "a:b" }));

        Assert.Equal("ParcelStream:SchemaRegistry:schema.registry.url", ex.Key);
    }
}
