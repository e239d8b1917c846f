using System.Text.Json;

namespace ParcelStream.Operations;

/// <summary>The answer of <c>/healthz</c> or <c>/readyz</c>: healthy when every check passed.</summary>
/// <param name="Checks">The checks made.</param>
public sealed record HealthReport(IReadOnlyList<HealthCheck> Checks)
{
    /// <summary>Gets a value indicating whether every check passed.</summary>
    public bool Healthy => Checks.All(c => c.Ok);

    /// <summary>Writes the report as JSON: {"status":"ok"|"failing","checks":{"name":{"ok":true,"detail":"..."}}}.</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("status"u8, Healthy ? "ok"u8 : "failing"u8);
        writer.WriteStartObject("checks"u8);
        foreach (HealthCheck check in Checks)
        {
            writer.WriteStartObject(check.Name);
            writer.WriteBoolean("ok"u8, check.Ok);
            writer.WriteString("detail"u8, check.Detail);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
