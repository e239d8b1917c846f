using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.ML.Trainers.FastTree;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Learning;

/// <summary>
/// Turns ML.NET's trees into the engine's <see cref="TreeEnsemble"/>: the trees' splits and leaves are concatenated
/// (each tree's child indices offset by the splits and leaves before it; ML.NET, like the engine, writes a leaf child
/// as the complement of its index and a split's children after it), tree weights are folded into the leaves and a
/// non-zero bias becomes a tree of one leaf. Each split's expected output (for the contributions) is the weighted mean
/// of the leaf outputs of the training sample under it.
/// </summary>
internal static class TreeConverter
{
    /// <summary>Converts an ensemble.</summary>
    /// <param name="ensemble">ML.NET's trees.</param>
    /// <param name="examples">The training examples.</param>
    /// <param name="rows">The examples the trees were trained on.</param>
    /// <returns>The engine's trees and a 4-hex-digit hash of them.</returns>
    /// <exception cref="InvalidOperationException">A tree has a categorical split (the trainer is configured without them).</exception>
    public static (TreeEnsemble Trees, string Hash) Convert(RegressionTreeEnsemble ensemble, ExampleSet examples, IReadOnlyList<int> rows)
    {
        var nodes = new List<TreeNode>();
        var leaves = new List<double>();
        var roots = new List<int>();
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            RegressionTree tree = ensemble.Trees[t];
            double weight = ensemble.TreeWeights[t];
            int nodeBase = nodes.Count, leafBase = leaves.Count;
            int Child(int child) => child >= 0 ? child + nodeBase : ~(~child + leafBase);
            for (int n = 0; n < tree.NumberOfNodes; n++)
            {
                if (tree.CategoricalSplitFlags[n])
                {
                    throw new InvalidOperationException($"Tree {t} has a categorical split; the engine evaluates numerical splits only.");
                }

                nodes.Add(new TreeNode(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
            }

            leaves.AddRange(tree.LeafValues.Select(v => v * weight));
            roots.Add(tree.NumberOfNodes > 0 ? nodeBase : ~leafBase);
        }

        if (ensemble.Bias != 0)
        {
            roots.Add(~leaves.Count);
            leaves.Add(ensemble.Bias);
        }

        TreeNode[] nodeArray = [.. nodes];
        double[] leafArray = [.. leaves];
        int[] rootArray = [.. roots];
        double[] nodeValues = NodeValues(nodeArray, leafArray, rootArray, examples, rows);
        return (new TreeEnsemble(nodeArray, nodeValues, leafArray, rootArray, RiskFeatures.Count), Hash(nodeArray, leafArray));
    }

    /// <summary>Each split's expected output: the weighted mean of the leaves the sample reaches under it.</summary>
    private static double[] NodeValues(TreeNode[] nodes, double[] leaves, int[] roots, ExampleSet examples, IReadOnlyList<int> rows)
    {
        var leafWeight = new double[leaves.Length];
        foreach (int row in rows)
        {
            ReadOnlySpan<float> features = examples.Row(row);
            double w = examples.Weights[row];
            foreach (int root in roots)
            {
                int node = root;
                while (node >= 0)
                {
                    TreeNode split = nodes[node];
                    node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
                }

                leafWeight[~node] += w;
            }
        }

        // Children come after their parent, so one backward sweep sees both children of a split before the split.
        var values = new double[nodes.Length];
        var weights = new double[nodes.Length];
        for (int n = nodes.Length - 1; n >= 0; n--)
        {
            (double lv, double lw) = Side(nodes[n].Left);
            (double rv, double rw) = Side(nodes[n].Right);
            weights[n] = lw + rw;
            values[n] = lw + rw > 0 ? ((lv * lw) + (rv * rw)) / (lw + rw) : (lv + rv) / 2;
        }

        return values;

        (double Value, double Weight) Side(int child) => child >= 0 ? (values[child], weights[child]) : (leaves[~child], leafWeight[~child]);
    }

    private static string Hash(TreeNode[] nodes, double[] leaves)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[16];
        foreach (TreeNode n in nodes)
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, n.Feature);
            BinaryPrimitives.WriteSingleLittleEndian(buffer[4..], n.Threshold);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[8..], n.Left);
            BinaryPrimitives.WriteInt32LittleEndian(buffer[12..], n.Right);
            hash.AppendData(buffer);
        }

        foreach (double leaf in leaves)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(buffer, leaf);
            hash.AppendData(buffer[..8]);
        }

        return System.Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 2));
    }
}
