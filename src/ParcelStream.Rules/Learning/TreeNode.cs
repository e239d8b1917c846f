using System.Runtime.InteropServices;

namespace ParcelStream.Rules.Learning;

/// <summary>One split of a regression tree, 16 bytes so four share a cache line.</summary>
/// <param name="Feature">The feature compared.</param>
/// <param name="Threshold">A value at or below it goes <see cref="Left"/>, above it (or NaN) <see cref="Right"/>.</param>
/// <param name="Left">The next split's index in the ensemble, or the bitwise complement of a leaf's index.</param>
/// <param name="Right">Likewise for values above the threshold.</param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct TreeNode(int Feature, float Threshold, int Left, int Right);
