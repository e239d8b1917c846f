using System.Text.Json;

namespace ParcelStream.DevTools.Simulation;

/// <summary>The JSON document (field names are stable and listed in docs/simulation.md; a figure that cannot be computed is null).</summary>
public sealed partial class SimulationReport
{
    /// <summary>Writes the report as one indented JSON object: <c>warmUpDays</c>, <c>capacityShare</c>, <c>overall</c> and <c>days</c>.</summary>
    /// <param name="output">Where the UTF-8 JSON goes (left open).</param>
    public void WriteJson(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("warmUpDays", Options.WarmUpDays);
        json.WriteNumber("capacityShare", Options.CapacityShare);
        json.WritePropertyName("overall");
        WritePeriod(json, Overall);
        json.WriteStartArray("days");
        foreach (PeriodMetrics day in Days)
        {
            WritePeriod(json, day);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePeriod(Utf8JsonWriter json, PeriodMetrics m)
    {
        json.WriteStartObject();
        if (m.Day is { } day)
        {
            json.WriteNumber("day", day);
        }
        else
        {
            json.WriteNull("day");
        }

        json.WriteNumber("parcels", m.Parcels);
        json.WriteNumber("nonCompliant", m.NonCompliant);
        Number(json, "baseRate", m.BaseRate);
        json.WriteNumber("inspect", m.Inspect);
        Number(json, "inspectShare", m.InspectShare);
        Number(json, "capacity", m.Capacity);
        Number(json, "capacityUse", m.CapacityUse);
        Selection(json, "forced", m.Forced);
        Selection(json, "risk", m.Risk);
        Selection(json, "random", m.Random);
        Number(json, "lift", m.Lift);
        Number(json, "topOnePercentLift", m.TopOnePercentLift);
        Number(json, "topTwoPercentLift", m.TopTwoPercentLift);
        Number(json, "auc", m.Auc);
        json.WriteNumber("revenueAtStakeCents", m.RevenueAtStakeCents);
        json.WriteNumber("revenueRecoveredCents", m.RevenueRecoveredCents);
        json.WriteNumber("compliant", m.Compliant);
        json.WriteNumber("compliantReleased", m.CompliantReleased);
        Number(json, "compliantReleaseRate", m.CompliantReleaseRate);
        json.WriteStartArray("patterns");
        foreach (PatternRecall p in m.Patterns)
        {
            json.WriteStartObject();
            json.WriteString("pattern", p.Pattern.ToString());
            json.WriteNumber("planted", p.Planted);
            json.WriteNumber("found", p.Found);
            Number(json, "recall", p.Recall);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Selection(Utf8JsonWriter json, string name, (long Inspected, long Found) counts)
    {
        json.WriteStartObject(name);
        json.WriteNumber("inspected", counts.Inspected);
        json.WriteNumber("found", counts.Found);
        Number(json, "hitRate", counts.Inspected == 0 ? double.NaN : (double)counts.Found / counts.Inspected);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
