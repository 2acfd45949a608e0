using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>Builds the accounts. Each account has its own seed, so adding one does not reshuffle the rest.</summary>
internal sealed class AccountGenerator(int seed)
{
    /// <summary>Routine history ends here, so scenario accounts have a quiet recent past.</summary>
    public static readonly DateTimeOffset HistoryEnd = WorldFacts.Nov(1, 0, 0).AddDays(-14);

    public IReadOnlyList<AccountPlan> Generate()
    {
        var usedPrefixes = new HashSet<string>(ScenarioAccountFacts.ReservedPrefixes, StringComparer.Ordinal);
        var accounts = new List<AccountPlan>();
        foreach (var spec in AccountCatalog.All)
        {
            var rng = new Random(seed ^ WorldFacts.StableHash(spec.Id));
            var account = new AccountPlan(spec)
            {
                CreatedAt = rng.MomentBetween(
                    new DateTimeOffset(spec.Created.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero),
                    new DateTimeOffset(spec.Created.ToDateTime(new TimeOnly(18, 0)), TimeSpan.Zero)),
            };
            ScenarioAccountFacts.ApplyBeforeEntities(account);
            if (spec.Plan == PlanTier.Enterprise)
            {
                account.Sso = ScenarioAccountFacts.DefaultSso(rng);
            }

            new UserRoster(rng).Fill(account);
            var keys = new KeyRing(rng, usedPrefixes);
            if (!ScenarioAccountFacts.OwnsKeys(spec.Id))
            {
                keys.Fill(account);
            }

            new EndpointBook(rng).Fill(account);
            ScenarioAccountFacts.Apply(account, keys);
            RoutineChanges.Apply(account, keys);
            NumberKeys(account);
            AddTrafficFacts(account, rng);
            accounts.Add(account);
        }

        return accounts;
    }

    /// <summary>Key ids follow creation order, like an auto-increment would.</summary>
    private static void NumberKeys(AccountPlan account)
    {
        var ordered = account.Keys.OrderBy(k => k.CreatedAt).Select((k, i) => k with { Id = $"key_{account.Spec.Number}_{i + 1}" }).ToList();
        account.Keys.Clear();
        account.Keys.AddRange(ordered);
    }

    private static void AddTrafficFacts(AccountPlan account, Random rng)
    {
        // Juniper runs exactly the four shop workflows its owner writes about (S7).
        var workflows = account.Id == AccountCatalog.Juniper ? 4
            : account.Plan switch { PlanTier.Enterprise => rng.Between(10, 14), PlanTier.Professional => rng.Between(5, 9), _ => rng.Between(2, 4) };
        account.Workflows.AddRange(ScenarioAccountFacts.NamedWorkflows(account.Id));
        while (account.Workflows.Count < workflows)
        {
            var id = rng.WorkflowId();
            if (!account.Workflows.Contains(id))
            {
                account.Workflows.Add(id);
            }
        }

        // Documentation ranges only (198.51.100.0/24 and 192.0.2.0/24); 203.0.113.0/24 is kept for the S18 misuse.
        account.KnownIps.Add($"198.51.100.{rng.Between(2, 250)}");
        account.KnownIps.Add($"192.0.2.{rng.Between(2, 250)}");
    }
}
