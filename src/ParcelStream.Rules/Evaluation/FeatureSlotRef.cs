namespace ParcelStream.Rules.Evaluation;

/// <summary>Where a condition finds its precomputed matches: a manifest slot or an item slot, by index.</summary>
/// <param name="IsItem">Whether the slot is computed per goods line.</param>
/// <param name="Index">Index among the slots of its kind.</param>
internal readonly record struct FeatureSlotRef(bool IsItem, int Index);
