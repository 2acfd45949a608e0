using static Investigator.WorldGen.Accounts.AccountCatalog;
using static Investigator.WorldGen.WorldFacts;

namespace Investigator.WorldGen.Accounts;

/// <summary>
/// Ordinary changes inside the window on accounts no scenario is about, so that a recent change on an
/// account is not by itself a sign of a problem.
/// </summary>
internal static class RoutineChanges
{
    public static void Apply(AccountPlan account, KeyRing keys)
    {
        switch (account.Id)
        {
            case Fernwood:
                Rejoin(account, Nov(3, 2, 14, 55));
                break;
            case Wrenfield:
                account.Endpoints[0] = account.Endpoints[0] with
                {
                    PreviousUrl = account.Endpoints[0].Url,
                    Url = "https://hooks.wrenfield-bakery.example/flowpoint/orders",
                    UrlChangedAt = Nov(6, 10, 31, 7),
                    ChangedBy = account.OwnerId,
                };
                break;
            case Bluegum:
                var created = Nov(10, 3, 2, 41);
                account.Keys.Add(KeyRing.Key(keys.NewPrefix(), "zapier-bridge", created, KeyRing.FreeExpiry(created), null, null, KeyRing.RunScopes));
                break;
            case Ironbridge:
                account.Endpoints[1] = account.Endpoints[1] with { CreatedAt = Nov(4, 13, 27, 9) };
                break;
            case Cobalt:
                Rejoin(account, Nov(9, 15, 40, 12));
                break;
        }
    }

    /// <summary>The newest user joined inside the window (a seat was added).</summary>
    private static void Rejoin(AccountPlan account, DateTimeOffset at)
    {
        var last = account.Users.Count - 1;
        account.Users[last] = account.Users[last] with { JoinedAt = at, Status = "active", LastLoginBeforeWindow = null };
    }
}
