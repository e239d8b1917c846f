namespace ParcelStream.Rules.Feedback;

/// <summary>The Beta distribution's CDF (regularized incomplete beta) and quantiles, for credible intervals.</summary>
internal static class BetaDistribution
{
    private const int MaxIterations = 300;
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    /// <summary>Gets I_x(a, b), the probability that a Beta(a, b) variable is at most <paramref name="x"/>.</summary>
    /// <param name="a">Alpha, above 0.</param>
    /// <param name="b">Beta, above 0.</param>
    /// <param name="x">0..1.</param>
    /// <returns>The probability.</returns>
    public static double Cdf(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x)));

        // The continued fraction converges fast for x below the mean; use the symmetry I_x(a,b) = 1 - I_(1-x)(b,a) above it.
        return x < (a + 1) / (a + b + 2)
            ? front * ContinuedFraction(a, b, x) / a
            : 1 - (front * ContinuedFraction(b, a, 1 - x) / b);
    }

    /// <summary>Gets the p-quantile of Beta(a, b), by bisection on the CDF (to about 1e-12).</summary>
    /// <param name="a">Alpha, above 0.</param>
    /// <param name="b">Beta, above 0.</param>
    /// <param name="p">0..1.</param>
    /// <returns>The x with I_x(a, b) = p.</returns>
    public static double Quantile(double a, double b, double p)
    {
        double low = 0;
        double high = 1;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (low + high);
            if (Cdf(a, b, mid) < p)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>Lentz's method for the incomplete beta continued fraction (Numerical Recipes, betacf).</summary>
    private static double ContinuedFraction(double a, double b, double x)
    {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - (qab * x / qap);
        d = Math.Abs(d) < Tiny ? Tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= MaxIterations; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = 1 + (aa / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln Γ(x) for x above 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits).</summary>
    private static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < g.Length; i++)
        {
            sum += g[i] / (x + i);
        }

        double t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }
}
