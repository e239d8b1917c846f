using System.Text;
using ParcelStream.Codec.Decisions;
using ParcelStream.Rules.Capacity;
using ParcelStream.Rules.Learning;

namespace ParcelStream.Rules.Tests.Learning;

/// <summary>Exploration for the learned model, and the capacity cut-offs restarting when the model changes.</summary>
public sealed class ExplorationTests
{
    private const double Rate = 0.002;

    [Fact]
    public void Probability_UnknownOrNeverInspectedSeller_IsTheRate()
    {
        Assert.Equal(Rate, Exploration.Probability(Rate, default));
        Assert.Equal(Rate, Exploration.Probability(Rate, new RiskHistory(5, 20, 0, 0, 1, 19)), 12);
    }

    [Fact]
    public void Probability_SellerFoundInItsUnbiasedSample_ExploredMoreThanOneFoundClean()
    {
        double found = Exploration.Probability(Rate, new RiskHistory(2, 2, 0, 0, 1, 19, 2, 2));
        double clean = Exploration.Probability(Rate, new RiskHistory(0, 2, 0, 0, 1, 19, 0, 2));

        // Posterior 3/22 over the prior mean 1/20, squared, over sqrt(3); and 1/22 the same way.
        Assert.Equal(Rate * Math.Pow(3.0 / 22 / 0.05, 2) / Math.Sqrt(3), found, 12);
        Assert.Equal(Rate * Math.Pow(1.0 / 22 / 0.05, 2) / Math.Sqrt(3), clean, 12);
        Assert.True(found > Rate && clean < Rate);
    }

    [Fact]
    public void IsExplored_ManyManifests_PicksAboutTheProbabilityAndTheSameOnesEachTime()
    {
        var settings = new EngineSettings(new RuleEngineOptions { ExplorationRate = 0.01 });
        var again = new EngineSettings(new RuleEngineOptions { ExplorationRate = 0.01 });
        var history = new RiskHistory(0, 0, 0, 0, 1, 19);
        int picked = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte[] id = Encoding.ASCII.GetBytes($"MF-{i:D9}");
            bool explored = settings.IsExplored(id, history);
            Assert.Equal(explored, again.IsExplored(id, history));
            picked += explored ? 1 : 0;
        }

        Assert.InRange(picked, 900, 1_100);
    }

    [Fact]
    public void Estimator_SelectorRestarted_ForgetsTheScoresAndStartsFromTheInitialCutoff()
    {
        var selector = new CapacitySelector(new CapacityOptions { Share = 0.01 }, 0.85);
        int destination = selector.DestinationIndex("DE"u8);
        CapacityEstimator estimator = selector.Estimator(0, destination);
        double initial = estimator.Cutoff;
        for (int i = 0; i < 5_000; i++)
        {
            estimator.Observe(CapacityEstimator.Bin(-6 + (i % 100 * 0.1)), true, false, false, false);
        }

        Assert.NotEqual(initial, estimator.Cutoff);

        selector.Restart();
        CapacityEstimator after = selector.Estimator(0, destination);

        Assert.Same(estimator, after);
        Assert.Equal(initial, after.Cutoff);
        Assert.Equal(5_000, after.Decided);
    }
}
