namespace ParcelStream.Pipeline.Schemas;

/// <summary>ParcelStream's own schemas that go to a Confluent Schema Registry: the files under schemas/, built into the codec.</summary>
public static class SchemaFiles
{
    /// <summary>The decision schema the worker writes.</summary>
    public const string Decision = "customs-decision.avsc";

    /// <summary>The inspection-result schema the feedback join reads (and `inspections publish` writes).</summary>
    public const string InspectionResult = "inspection-result.avsc";
}
