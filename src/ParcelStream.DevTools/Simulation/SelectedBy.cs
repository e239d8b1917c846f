namespace ParcelStream.DevTools.Simulation;

/// <summary>Why a parcel was selected for inspection, for the <see cref="SimulationReport"/>.</summary>
public enum SelectedBy
{
    /// <summary>Not selected (RELEASE or HOLD).</summary>
    None,

    /// <summary>A rule with a forced INSPECT outcome (prohibited goods, denied party).</summary>
    ForcedRule,

    /// <summary>The risk or model score ranked it within capacity (RISK_SCORE, CAPACITY_TOP_UP or a model reason).</summary>
    Risk,

    /// <summary>Random selection (RANDOM_SELECTION): the unbiased baseline.</summary>
    Random,
}
