using System.Runtime.CompilerServices;

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
        ReadOnlySpan<TreeNode> nodes = _nodes;
        double sum = 0;
        foreach (int root in _roots)
        {
            sum += _leaves[~Walk(nodes, root, features)];
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

    private static void CheckChild(int node, int child, int nodeCount, int leafCount)
    {
        bool valid = child >= 0 ? child > node && child < nodeCount : ~child < leafCount;
        if (!valid)
        {
            throw new ArgumentException($"Split {node} has child {child}, which is out of range or not after it.", nameof(child));
        }
    }
}
