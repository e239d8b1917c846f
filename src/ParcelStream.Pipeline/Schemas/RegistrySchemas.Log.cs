using Microsoft.Extensions.Logging;

namespace ParcelStream.Pipeline.Schemas;

/// <content>Log messages.</content>
public sealed partial class RegistrySchemas
{
    [LoggerMessage(EventId = 5500, Level = LogLevel.Information, Message = "Schema {Schema} has id {SchemaId} in the schema registry (subjects {Subjects}, auto.register.schemas={AutoRegister})")]
    private partial void LogRegistered(string schema, int schemaId, string subjects, bool autoRegister);

    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Writer schema id {SchemaId} ({Schema}, fingerprint {Fingerprint:X16}) fetched from the schema registry and resolved")]
    private partial void LogWriterAdded(int schemaId, string schema, ulong fingerprint);

    [LoggerMessage(EventId = 5502, Level = LogLevel.Warning, Message = "Schema id {SchemaId} is not in the schema registry at {Url} ({Reason}): its messages are dead-lettered with UnknownSchemaId (asked again after 30 s)")]
    private partial void LogUnknownId(int schemaId, string url, string reason);

    [LoggerMessage(EventId = 5503, Level = LogLevel.Error, Message = "Schema id {SchemaId} cannot be read as expected: {Problem}; its messages are dead-lettered with SchemaMismatch")]
    private partial void LogIncompatibleWriter(int schemaId, string problem);

    [LoggerMessage(EventId = 5504, Level = LogLevel.Error, Message = "The schema registry at {Url} cannot be reached for schema id {SchemaId} ({Reason}): the message waits and is retried")]
    private partial void LogRegistryUnavailable(string url, int schemaId, string reason);

    [LoggerMessage(EventId = 5505, Level = LogLevel.Information, Message = "The schema registry at {Url} answers again (schema id {SchemaId})")]
    private partial void LogRegistryBack(string url, int schemaId);
}
