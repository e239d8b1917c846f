namespace ParcelStream.Learning;

/// <summary>
/// Ranking and calibration measures of scored examples: ROC AUC (with ties counted half, weighted or not), lift of the
/// top share by score, mean predicted probability against the observed rate. Weighted measures use each example's
/// weight as that many examples, so with inverse-propensity weights they estimate the measure over all traffic.
/// </summary>
internal static class ValidationMetrics
{
    /// <summary>Gets the ROC AUC: the probability that a FOUND example scores above a CLEAN one (ties count half).</summary>
    /// <param name="scores">Scores.</param>
    /// <param name="labels">Labels (true FOUND).</param>
    /// <param name="weights">Weights, or empty for 1 each.</param>
    /// <returns>The AUC, NaN when either class is absent.</returns>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights)
    {
        int[] order = Order(scores, descending: false);
        double negativesBelow = 0, positives = 0, area = 0;
        int i = 0;
        while (i < order.Length)
        {
            // One group of tied scores: its positives beat the negatives below and tie with the negatives in the group.
            double groupPositives = 0, groupNegatives = 0;
            int j = i;
            for (; j < order.Length && scores[order[j]] == scores[order[i]]; j++)
            {
                double w = weights.IsEmpty ? 1 : weights[order[j]];
                if (labels[order[j]])
                {
                    groupPositives += w;
                }
                else
                {
                    groupNegatives += w;
                }
            }

            area += groupPositives * (negativesBelow + (groupNegatives / 2));
            negativesBelow += groupNegatives;
            positives += groupPositives;
            i = j;
        }

        return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : double.NaN;
    }

    /// <summary>Gets the lift of the top <paramref name="share"/> by score: its FOUND rate over the rate of all.</summary>
    /// <param name="scores">Scores.</param>
    /// <param name="labels">Labels.</param>
    /// <param name="weights">Weights, or empty for 1 each.</param>
    /// <param name="share">The top share (of the total weight), e.g. 0.01.</param>
    /// <returns>The lift, NaN when nothing is FOUND.</returns>
    public static double Lift(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, ReadOnlySpan<float> weights, double share)
    {
        int[] order = Order(scores, descending: true);
        double total = 0, found = 0;
        for (int i = 0; i < order.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            total += w;
            found += labels[i] ? w : 0;
        }

        if (found <= 0)
        {
            return double.NaN;
        }

        // The top share of the weight, taking at least one example.
        double budget = share * total, taken = 0, hits = 0;
        foreach (int e in order)
        {
            double w = weights.IsEmpty ? 1 : weights[e];
            if (taken > 0 && taken + w > budget)
            {
                break;
            }

            taken += w;
            hits += labels[e] ? w : 0;
        }

        return hits / taken / (found / total);
    }

    /// <summary>Gets the weighted mean of <paramref name="values"/>.</summary>
    /// <param name="values">Values.</param>
    /// <param name="weights">Weights, or empty for 1 each.</param>
    /// <returns>The mean, NaN when there is none.</returns>
    public static double Mean(ReadOnlySpan<double> values, ReadOnlySpan<float> weights)
    {
        double sum = 0, total = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            sum += values[i] * w;
            total += w;
        }

        return total > 0 ? sum / total : double.NaN;
    }

    private static int[] Order(ReadOnlySpan<double> scores, bool descending)
    {
        int[] order = new int[scores.Length];
        double[] keys = scores.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = descending ? -keys[i] : keys[i];
        }

        // Ties keep index order, so the result does not depend on the sort's stability.
        Array.Sort(keys, order);
        int start = 0;
        for (int i = 1; i <= order.Length; i++)
        {
            if (i == order.Length || keys[i] != keys[start])
            {
                Array.Sort(order, start, i - start);
                start = i;
            }
        }

        return order;
    }
}
