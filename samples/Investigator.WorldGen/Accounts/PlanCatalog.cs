using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>The plan table of samples/README.md.</summary>
internal static class PlanCatalog
{
    public static PlanLimits Limits(PlanTier plan) => plan switch
    {
        PlanTier.Enterprise => new(6_000, 2_000_000, 500, 100, 5_000_000, 365),
        PlanTier.Professional => new(600, 50_000, 25, 20, 250_000, 30),
        _ => new(60, 1_000, 3, 2, 10_000, 7),
    };

    public static string Criticality(PlanTier plan) => plan switch
    {
        PlanTier.Enterprise => "high",
        PlanTier.Professional => "medium",
        _ => "low",
    };
}
