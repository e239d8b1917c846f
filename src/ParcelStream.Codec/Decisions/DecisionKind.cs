namespace ParcelStream.Codec.Decisions;

/// <summary>Whether a decision is the first for its manifest or replaces an earlier one (schema enum DecisionKind).</summary>
public enum DecisionKind : byte
{
    /// <summary>The first decision on the manifest.</summary>
    Initial,

    /// <summary>A later decision that replaces the earlier one.</summary>
    Amendment,
}
