using System.Globalization;
using System.Text.Json;

namespace ParcelStream.IntegrationTests;

/// <summary>
/// Issue 12's shares on traffic as real as the generator makes it: `generate --risky-share` then `replay --out`, both
/// the host process, default pack and capacity, dated after the EU change of 2026-07-01.
/// </summary>
public sealed class DecisionSharesTests
{
    private const double Capacity = 0.01;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);
    private static readonly HashSet<string> s_revenueCodes = ["IOSS_INVALID", "IOSS_OVER_THRESHOLD", "OVER_DE_MINIMIS"];

    // 3 % planted is about DATE's 2.24 % illicit rate (customs-domain.md section 6) and issue 15's closed loop; the
    // generator's own default (23 %) is a test mix that plants every kind at 0.5-3 % to exercise each rule.
    [Theory]
    [InlineData("0.03", "5")]
    [InlineData("0.05", "6")]
    public void Replay_PlantedShareOfRealTraffic_ReleasesTheCleanHoldsOnlyForInformationAndInspectsToCapacity(string riskyShare, string seed)
    {
        string directory = Directory.CreateTempSubdirectory("decision-shares-").FullName;
        try
        {
            string manifests = Path.Combine(directory, "traffic.avro");
            string decisions = Path.Combine(directory, "decisions.jsonl");
            Run("generate", "--out", manifests, "--count", "20000", "--seed", seed, "--start", "2026-12-07", "--risky-share", riskyShare);
            Run("replay", manifests, "--out", decisions);

            Dictionary<string, string> kinds = File.ReadLines(manifests + ".truth.csv").Skip(1)
                .Select(l => l.Split(','))
                .ToDictionary(f => f[0], f => f[2], StringComparer.Ordinal);
            int parcels = 0, clean = 0, cleanReleased = 0, holds = 0, holdsAskingForPapers = 0, inspects = 0, revenueOnly = 0;
            foreach (string line in File.ReadLines(decisions))
            {
                using var json = JsonDocument.Parse(line);
                JsonElement d = json.RootElement;
                string outcome = d.GetProperty("outcome").GetString()!;
                string referral = d.GetProperty("referral").GetString()!;
                parcels++;
                bool isClean = kinds[d.GetProperty("manifestId").GetString()!] == "Clean";
                clean += isClean ? 1 : 0;
                cleanReleased += isClean && outcome == "RELEASE" ? 1 : 0;
                holds += outcome == "HOLD" ? 1 : 0;
                holdsAskingForPapers += outcome == "HOLD" && referral is "REQUEST_FOR_INFORMATION" or "DOCUMENTARY_CHECK" ? 1 : 0;
                inspects += outcome == "INSPECT" ? 1 : 0;
                if (outcome != "RELEASE")
                {
                    List<string> ruleIds = [.. d.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()!)];
                    List<string> codes = [.. d.GetProperty("reasons").EnumerateArray()
                        .Where(r => !r.GetProperty("ruleId").GetString()!.StartsWith("engine.", StringComparison.Ordinal))
                        .Select(r => r.GetProperty("code").GetString()!)];
                    // A random pick or a capacity top-up is selected by the engine, not for the revenue reason it carries.
                    bool enginePick = ruleIds.Contains("engine.random-selection") || ruleIds.Contains("engine.capacity-top-up");
                    revenueOnly += codes.Count > 0 && codes.All(s_revenueCodes.Contains) && !enginePick ? 1 : 0;
                }
            }

            Assert.Equal(20000, parcels);
            Assert.True(cleanReleased >= 0.98 * clean, $"clean released {cleanReleased} of {clean}");
            Assert.True(holds <= 0.05 * parcels, $"HOLD {holds} of {parcels}");
            Assert.True(holds > 0, "no HOLD at all: the planted data faults were not found");
            Assert.Equal(holds, holdsAskingForPapers);
            double inspectShare = (double)inspects / parcels;
            Assert.True(Math.Abs(inspectShare - Capacity) <= 0.15 * Capacity, $"INSPECT {inspectShare.ToString("P2", CultureInfo.InvariantCulture)} against capacity 1 %");
            Assert.Equal(0, revenueOnly);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Run(params string[] arguments)
    {
        using HostProcess process = HostProcess.Start(arguments);
        Assert.True(process.WaitForExit(s_timeout), $"{arguments[0]} did not finish");
        Assert.True(process.ExitCode == 0, $"{arguments[0]} exited {process.ExitCode}: {process.StandardError}");
    }
}
