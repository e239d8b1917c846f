namespace ParcelStream.Backtest.Output;

/// <summary>How replayed decisions are written.</summary>
public enum DecisionFormat
{
    /// <summary>JSON Lines: one decision object a line, field names as in schemas/customs-decision.avsc.</summary>
    JsonLines,

    /// <summary>An Avro object container file of parcelstream.v1.CustomsDecision datums.</summary>
    Avro,
}
