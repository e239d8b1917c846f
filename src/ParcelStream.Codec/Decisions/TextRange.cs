namespace ParcelStream.Codec.Decisions;

/// <summary>A range of bytes in a <see cref="CustomsDecision"/>'s text arena.</summary>
internal readonly record struct TextRange(int Offset, int Length);
