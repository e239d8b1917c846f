using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ParcelStream.Rules.Learning;

/// <summary>
/// Gradient-boosted regression trees flattened into arrays once per load (ML.NET's layout: a negative child is the
/// complement of a leaf index), evaluated without allocating. The margin is the sum of one leaf per tree; the
/// contribution of each feature is the Saabas path attribution: along each tree's path, the change of the expected
/// output at each split goes to the split's feature, so the contributions plus the trees' expected outputs sum to
/// the margin exactly.
/// </summary>
public sealed class TreeEnsemble
{
    private readonly TreeNode[] _nodes;
    private readonly double[] _nodeValues;
    private readonly double[] _leaves;
    private readonly int[] _roots;
    private readonly double _expected;

    // The same trees as complete binary trees of one depth, breadth-first (children of slot i at 2i + 1 and 2i + 2),
    // a shallow leaf copied into every slot under it: every walk is exactly _levels steps with no branch, so the
    // CPU overlaps the trees instead of stalling on each one's data-dependent exit. Null when the trees are too deep.
    private const int MaxCompleteLevels = 10;
    private readonly int _levels;
    private readonly int[]? _splitFeatures;
    private readonly float[]? _splitThresholds;
    private readonly double[]? _completeLeaves;

    /// <summary>Initializes an ensemble.</summary>
    /// <param name="nodes">Every tree's splits; children index into this array (splits) or into <paramref name="leaves"/> (complemented).</param>
    /// <param name="nodeValues">Each split's expected output over the training sample (for contributions).</param>
    /// <param name="leaves">Every tree's leaf outputs.</param>
    /// <param name="roots">Each tree's root: a split index, or a complemented leaf index for a tree of one leaf.</param>
    /// <param name="featureCount">Features the trees may read.</param>
    /// <exception cref="ArgumentException">An index is out of range, a tree has a cycle, or a feature index is not below <paramref name="featureCount"/>.</exception>
    public TreeEnsemble(TreeNode[] nodes, double[] nodeValues, double[] leaves, int[] roots, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeValues);
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentNullException.ThrowIfNull(roots);
        if (nodeValues.Length != nodes.Length)
        {
            throw new ArgumentException($"{nodeValues.Length} node values for {nodes.Length} splits.", nameof(nodeValues));
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            TreeNode n = nodes[i];
            if ((uint)n.Feature >= (uint)featureCount)
            {
                throw new ArgumentException($"Split {i} reads feature {n.Feature}; the model has {featureCount}.", nameof(nodes));
            }

            // Children only point forward (as trainers write them): no cycle, and every path ends at a leaf.
            CheckChild(i, n.Left, nodes.Length, leaves.Length);
            CheckChild(i, n.Right, nodes.Length, leaves.Length);
        }

        double expected = 0;
        foreach (int root in roots)
        {
            if (root >= nodes.Length || (root < 0 && ~root >= leaves.Length))
            {
                throw new ArgumentException($"Root {root} is out of range.", nameof(roots));
            }

            expected += root >= 0 ? nodeValues[root] : leaves[~root];
        }

        _nodes = nodes;
        _nodeValues = nodeValues;
        _leaves = leaves;
        _roots = roots;
        _expected = expected;
        FeatureCount = featureCount;
        _levels = roots.Length == 0 ? 0 : roots.Max(root => Depth(nodes, root));
        if (_levels <= MaxCompleteLevels)
        {
            (_splitFeatures, _splitThresholds, _completeLeaves) = Complete(nodes, leaves, roots, _levels);
        }
    }

    /// <summary>Gets the number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>Gets the number of features the trees may read.</summary>
    public int FeatureCount { get; }

    /// <summary>Gets the margin's expected value over the training sample (the sum of the roots' values).</summary>
    public double Expected => _expected;

    /// <summary>Adds how many splits read each feature into <paramref name="counts"/> (what a model leans on, for reports).</summary>
    /// <param name="counts">At least <see cref="FeatureCount"/> values; added to, not cleared.</param>
    public void CountSplits(Span<int> counts)
    {
        counts = counts[..FeatureCount];
        foreach (TreeNode node in _nodes)
        {
            counts[node.Feature]++;
        }
    }

    /// <summary>Gets the trees' splits (for the model file).</summary>
    internal ReadOnlySpan<TreeNode> Nodes => _nodes;

    /// <summary>Gets the splits' expected outputs.</summary>
    internal ReadOnlySpan<double> NodeValues => _nodeValues;

    /// <summary>Gets the leaf outputs.</summary>
    internal ReadOnlySpan<double> Leaves => _leaves;

    /// <summary>Gets the roots.</summary>
    internal ReadOnlySpan<int> Roots => _roots;

    /// <summary>Gets the margin: the sum of the leaf each tree routes <paramref name="features"/> to.</summary>
    /// <param name="features">At least <see cref="FeatureCount"/> values.</param>
    /// <returns>The raw (uncalibrated) score.</returns>
    public double Margin(ReadOnlySpan<float> features)
    {
        features = features[..FeatureCount];
        if (_splitFeatures is null)
        {
            ReadOnlySpan<TreeNode> nodes = _nodes;
            double total = 0;
            foreach (int root in _roots)
            {
                total += _leaves[~Walk(nodes, root, features)];
            }

            return total;
        }

        // Unchecked indices: every slot index stays below the tree's block, and every feature index was checked at load.
        ref float feature = ref MemoryMarshal.GetReference(features);
        ref int splitFeature = ref MemoryMarshal.GetArrayDataReference(_splitFeatures);
        ref float threshold = ref MemoryMarshal.GetArrayDataReference(_splitThresholds!);
        ref double leaf = ref MemoryMarshal.GetArrayDataReference(_completeLeaves!);
        int levels = _levels;
        int splits = (1 << levels) - 1;
        double sum = 0;
        for (int tree = 0, block = 0; tree < _roots.Length; tree++, block += splits)
        {
            int slot = 0;
            for (int level = 0; level < levels; level++)
            {
                int at = block + slot;
                slot = (2 * slot) + (Unsafe.Add(ref feature, Unsafe.Add(ref splitFeature, at)) <= Unsafe.Add(ref threshold, at) ? 1 : 2); // NaN goes right, as in ML.NET
            }

            sum += Unsafe.Add(ref leaf, (tree << levels) + slot - splits);
        }

        return sum;
    }

    /// <summary>Adds each feature's contribution to the margin into <paramref name="contributions"/>.</summary>
    /// <param name="features">At least <see cref="FeatureCount"/> values.</param>
    /// <param name="contributions">At least <see cref="FeatureCount"/> values; added to, not cleared.</param>
    /// <returns>The margin (equal to <see cref="Expected"/> plus the contributions added).</returns>
    public double Contributions(ReadOnlySpan<float> features, Span<double> contributions)
    {
        features = features[..FeatureCount];
        contributions = contributions[..FeatureCount];
        ReadOnlySpan<TreeNode> nodes = _nodes;
        double sum = 0;
        foreach (int root in _roots)
        {
            int node = root;
            double value = node >= 0 ? _nodeValues[node] : _leaves[~node];
            while (node >= 0)
            {
                TreeNode split = nodes[node];
                int next = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
                double nextValue = next >= 0 ? _nodeValues[next] : _leaves[~next];
                contributions[split.Feature] += nextValue - value;
                value = nextValue;
                node = next;
            }

            sum += value;
        }

        return sum;
    }

    /// <summary>Gets the margin by walking the splits (the layout <see cref="Margin"/> falls back to for deep trees; for tests).</summary>
    /// <param name="features">At least <see cref="FeatureCount"/> values.</param>
    /// <returns>The sum of the leaves.</returns>
    internal double LeafValues(ReadOnlySpan<float> features)
    {
        double total = 0;
        for (int tree = 0; tree < _roots.Length; tree++)
        {
            total += _leaves[~LeafOf(tree, features)];
        }

        return total;
    }

    /// <summary>Gets the leaf (complemented) a tree routes the features to.</summary>
    /// <param name="tree">The tree.</param>
    /// <param name="features">The features.</param>
    /// <returns>~leaf index.</returns>
    internal int LeafOf(int tree, ReadOnlySpan<float> features) => Walk(_nodes, _roots[tree], features);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Walk(ReadOnlySpan<TreeNode> nodes, int node, ReadOnlySpan<float> features)
    {
        while (node >= 0)
        {
            ref readonly TreeNode split = ref nodes[node];
            node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
        }

        return node;
    }

    /// <summary>Gets the number of splits on the longest path from <paramref name="node"/> to a leaf.</summary>
    private static int Depth(TreeNode[] nodes, int node) =>
        node < 0 ? 0 : 1 + Math.Max(Depth(nodes, nodes[node].Left), Depth(nodes, nodes[node].Right));

    /// <summary>Lays the trees out as complete binary trees of <paramref name="levels"/> levels (see the fields).</summary>
    private static (int[] Features, float[] Thresholds, double[] Leaves) Complete(TreeNode[] nodes, double[] leaves, int[] roots, int levels)
    {
        int splits = (1 << levels) - 1;
        int[] features = new int[roots.Length * splits];
        float[] thresholds = new float[roots.Length * splits];
        double[] completeLeaves = new double[roots.Length << levels];
        for (int tree = 0; tree < roots.Length; tree++)
        {
            Fill(tree, roots[tree], 0, 0);
        }

        return (features, thresholds, completeLeaves);

        void Fill(int tree, int node, int slot, int level)
        {
            if (level == levels)
            {
                completeLeaves[(tree << levels) + slot - splits] = leaves[~node];
                return;
            }

            if (node < 0)
            {
                // A leaf above the bottom: a split that goes left for every value but NaN, with the leaf on both sides.
                features[(tree * splits) + slot] = 0;
                thresholds[(tree * splits) + slot] = float.PositiveInfinity;
                Fill(tree, node, (2 * slot) + 1, level + 1);
                Fill(tree, node, (2 * slot) + 2, level + 1);
                return;
            }

            features[(tree * splits) + slot] = nodes[node].Feature;
            thresholds[(tree * splits) + slot] = nodes[node].Threshold;
            Fill(tree, nodes[node].Left, (2 * slot) + 1, level + 1);
            Fill(tree, nodes[node].Right, (2 * slot) + 2, level + 1);
        }
    }

    private static void CheckChild(int node, int child, int nodeCount, int leafCount)
    {
        bool valid = child >= 0 ? child > node && child < nodeCount : ~child < leafCount;
        if (!valid)
        {
            throw new ArgumentException($"Split {node} has child {child}, which is out of range or not after it.", nameof(child));
        }
    }
}
