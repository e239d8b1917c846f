namespace ParcelStream.DevTools.Simulation;

/// <summary>Ranking metrics of a score against a binary truth: ROC AUC and lift of the top share, both with ties handled.</summary>
internal static class ScoreMetrics
{
    /// <summary>
    /// ROC AUC by the Mann-Whitney statistic: (sum of the positives' ranks - P(P+1)/2) / (P x N), ranks ascending by score
    /// with tied scores given the average of their ranks (so a tie counts half, as a random order of the tie would).
    /// </summary>
    /// <param name="scores">The scores.</param>
    /// <param name="positive">Whether each parcel is non-compliant (same length).</param>
    /// <returns>0 to 1; NaN when there are no positives or no negatives.</returns>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        int n = scores.Length;
        int[] order = SortedIndices(scores, descending: false);
        double positiveRanks = 0;
        long positives = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            double averageRank = ((i + 1) + (j + 1)) / 2.0;
            for (int k = i; k <= j; k++)
            {
                if (positive[order[k]])
                {
                    positiveRanks += averageRank;
                    positives++;
                }
            }

            i = j + 1;
        }

        long negatives = n - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (positiveRanks - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }

    /// <summary>
    /// Lift of the top <paramref name="share"/> of parcels by score: the non-compliant share among the ceil(share x n)
    /// highest scores over the base rate. A tie straddling the cut counts its non-compliant parcels pro rata (the expected
    /// value of breaking the tie at random).
    /// </summary>
    /// <param name="scores">The scores.</param>
    /// <param name="positive">Whether each parcel is non-compliant.</param>
    /// <param name="share">The top share, e.g. 0.01.</param>
    /// <returns>The lift; NaN when there are no parcels or no non-compliant ones.</returns>
    public static double TopLift(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double share)
    {
        int n = scores.Length;
        long allPositives = 0;
        foreach (bool p in positive)
        {
            allPositives += p ? 1 : 0;
        }

        if (n == 0 || allPositives == 0)
        {
            return double.NaN;
        }

        int top = Math.Clamp((int)Math.Ceiling(share * n), 1, n);
        int[] order = SortedIndices(scores, descending: true);
        double hits = 0;
        int taken = 0;
        for (int i = 0; i < n && taken < top;)
        {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            int size = j - i + 1;
            int groupPositives = 0;
            for (int k = i; k <= j; k++)
            {
                groupPositives += positive[order[k]] ? 1 : 0;
            }

            int take = Math.Min(size, top - taken);
            hits += groupPositives * (double)take / size;
            taken += take;
            i = j + 1;
        }

        return hits / top / ((double)allPositives / n);
    }

    private static int[] SortedIndices(ReadOnlySpan<double> scores, bool descending)
    {
        int[] order = new int[scores.Length];
        double[] keys = scores.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = descending ? -keys[i] : keys[i];
        }

        Array.Sort(keys, order);
        return order;
    }
}
