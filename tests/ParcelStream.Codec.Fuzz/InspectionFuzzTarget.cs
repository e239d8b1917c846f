using ParcelStream.Codec.Inspections;

namespace ParcelStream.Codec.Fuzz;

/// <summary>
/// The inspection-result reader (the feedback join reads every record of the results topic with it): it must never
/// throw, an error must lie inside the input, and a result read must read back the same once written again
/// (Confluent-framed).
/// </summary>
public static class InspectionFuzzTarget
{
    /// <summary>Reads <paramref name="input"/> without and with the registry check, then round-trips what was read.</summary>
    /// <param name="input">Any bytes.</param>
    /// <exception cref="InvalidOperationException">The reader broke an invariant (a finding, like any other exception).</exception>
    public static void Run(ReadOnlySpan<byte> input)
    {
        AvroError open = InspectionReportReader.Read(input, null, out InspectionReport? report);
        Check(open, report, input.Length, "any id");
        AvroError strict = InspectionReportReader.Read(input, SchemaRegistry.Default, out InspectionReport? strictReport);
        Check(strict, strictReport, input.Length, "registry");
        if (!strict.IsError && open.IsError)
        {
            FuzzCheck.Fail($"the registry check accepted what the open read refused ({open})");
        }

        if (report is null)
        {
            return;
        }

        // Written again with Confluent framing: raw framing cannot carry every result, since a raw datum whose
        // manifestId is empty starts with 0x00, which the reader takes for the Confluent magic byte (AFL++ run of
        // 2026-12-07; the worker's feedback join reads with a registry, so such a record is refused, not misread).
        byte[] again = InspectionReportWriter.ToArray(report, MessageFraming.Confluent);
        AvroError reread = InspectionReportReader.Read(again, null, out InspectionReport? back);
        if (reread.IsError || back is null || !Same(report, back))
        {
            FuzzCheck.Fail($"a result read does not read back once written ({reread})");
        }
    }

    private static void Check(AvroError error, InspectionReport? report, int length, string what)
    {
        FuzzCheck.ErrorInside(error, length, what);
        if (error.IsError != (report is null))
        {
            FuzzCheck.Fail($"{what}: error {error} with a report {(report is null ? "missing" : "present")}");
        }

        if (report is not null && !Enum.IsDefined(report.Result))
        {
            FuzzCheck.Fail($"{what}: outcome {report.Result} is out of range");
        }
    }

    private static bool Same(InspectionReport a, InspectionReport b) =>
        a.ManifestId == b.ManifestId && a.Result == b.Result && a.Inspector == b.Inspector && a.InspectedAtMillis == b.InspectedAtMillis
        && a.TrackingNumber == b.TrackingNumber && a.Office == b.Office && a.FindingCodes.SequenceEqual(b.FindingCodes);
}
