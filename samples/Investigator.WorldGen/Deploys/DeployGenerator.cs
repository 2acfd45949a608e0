using Investigator.Core.Sources;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Deploys;

/// <summary>
/// Deploys of the window: the two scenario releases (S1, S8) plus ordinary weekday releases. Ordinary
/// releases keep out of the days and services where a scenario or incident happens, so that no deploy
/// is a false lead.
/// </summary>
internal sealed class DeployGenerator(int seed)
{
    private static readonly IReadOnlyList<string> Authors =
        ["a.mensah", "j.lindqvist", "p.raman", "s.okafor", "m.bauer", "l.chen", "r.alvarez", "k.nakamura"];

    private static readonly Dictionary<string, IReadOnlyList<string>> Summaries = new(StringComparer.Ordinal)
    {
        [Svc.Api] = ["add request id to 4xx response bodies", "upgrade HTTP/2 stack", "cache workflow lookups for run triggers", "tighten request body size limits"],
        [Svc.Auth] = ["rotate session signing keys", "audit entries for API key creation", "check new passwords against breached list"],
        [Svc.Engine] = ["parallel step scheduler", "retry budget per workflow", "reduce run history write amplification", "upgrade expression evaluator"],
        [Svc.Webhooks] = ["signing secret rotation support", "per-endpoint delivery metrics", "payload size histograms"],
        [Svc.Exports] = ["JSON export pagination fix", "gzip large CSV downloads"],
        [Svc.Billing] = ["invoice PDF layout update", "tax id validation for EU customers", "dunning email copy update", "VAT rate table refresh"],
        [Svc.Dashboard] = ["onboarding checklist", "dark mode fixes", "settings page accessibility fixes"],
    };

    /// <summary>(service, day of November) pairs with a scenario or incident in them.</summary>
    private static readonly HashSet<(string, int)> QuietDays =
    [
        (Svc.Dashboard, 2), (Svc.Dashboard, 3), (Svc.Dashboard, 4), (Svc.Billing, 4), (Svc.Billing, 5), (Svc.Auth, 6),
        (Svc.Api, 9), (Svc.Auth, 9), (Svc.Engine, 9), (Svc.Webhooks, 9), (Svc.Auth, 10), (Svc.Webhooks, 10), (Svc.Exports, 10), (Svc.Dashboard, 10),
        (Svc.Api, 11), (Svc.Auth, 11), (Svc.Webhooks, 11), (Svc.Exports, 11),
        (Svc.Api, 12), (Svc.Auth, 12), (Svc.Engine, 12), (Svc.Dashboard, 12), (Svc.Webhooks, 12), (Svc.Exports, 12),
        (Svc.Api, 13), (Svc.Auth, 13), (Svc.Engine, 13), (Svc.Exports, 13), (Svc.Dashboard, 13),
    ];

    public IReadOnlyList<Deploy> Generate()
    {
        var rng = new Random(seed);
        var unused = Summaries.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);
        var deploys = new List<Deploy>();
        foreach (var region in Regions)
        {
            deploys.Add(new("", Svc.Exports, "2026.11.11.1", region, ScenarioClock.S8DeployAt, "streaming CSV writer for custom fields", "p.raman", null));
        }

        deploys.Add(new("", Svc.Webhooks, "2026.11.12.1", EuWest, ScenarioClock.S1DeployAt, "switch delivery workers to a shared HTTP connection pool", "j.lindqvist", ScenarioClock.S1RollbackAt));

        for (var day = 2; day <= 13; day++)
        {
            if (Nov(day, 0, 0).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var releases = rng.Chance(0.5) ? 2 : 1;
            var usedToday = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < releases; r++)
            {
                // Each change ships once; a day whose open services have nothing new ships nothing.
                var candidates = Services.Where(s => !QuietDays.Contains((s, day)) && !usedToday.Contains(s) && unused[s].Count > 0).ToList();
                if (candidates.Count == 0)
                {
                    continue;
                }

                var service = rng.Pick(candidates);
                usedToday.Add(service);
                var version = $"2026.11.{day:D2}.1";
                var summary = rng.Pick(unused[service]);
                unused[service].Remove(summary);

                var author = rng.Pick(Authors);
                var at = Nov(day, 9, 0).AddMinutes(rng.Between(0, 6 * 60)).AddSeconds(rng.Between(0, 59));
                // Most releases go to EU West first and then roll on; some stay in one region.
                IReadOnlyList<string> regions = rng.Chance(0.4) ? [EuWest, UsEast, ApSoutheast] : [rng.Pick(Regions)];
                foreach (var region in regions)
                {
                    deploys.Add(new("", service, version, region, at, summary, author, null));
                    at = at.AddMinutes(rng.Between(35, 70));
                }
            }
        }

        return deploys
            .OrderBy(d => d.At)
            .ThenBy(d => d.Service, StringComparer.Ordinal)
            .ThenBy(d => d.Region, StringComparer.Ordinal)
            .Select((d, i) => d with { Id = $"dep_{d.At:yyyyMMdd}_{i + 1:D3}" })
            .ToList();
    }
}
