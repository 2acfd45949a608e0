using Investigator.Core.Sources;

namespace Investigator.WorldGen.Accounts;

/// <summary>Invents an account's users: the first is the owner, the second an admin.</summary>
internal sealed class UserRoster(Random rng)
{
    private static readonly IReadOnlyList<string> LaterRoles = ["member", "member", "member", "admin", "viewer"];
    private static readonly IReadOnlyList<string> PasswordlessMethods = ["password", "password", "google"];

    public void Fill(AccountPlan account)
    {
        var count = account.Spec.UserCount;
        var joinDates = Enumerable.Range(0, count - 1)
            .Select(_ => rng.MomentBetween(account.CreatedAt.AddDays(3), AccountGenerator.HistoryEnd))
            .Order()
            .ToList();
        var people = ScenarioAccountFacts.People(account.Id);
        var taken = people.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            string name;
            do
            {
                name = $"{rng.Pick(PeopleNames.First)} {rng.Pick(PeopleNames.Last)}";
            }
            while (!taken.Add(name));

            var role = i switch { 0 => "owner", 1 => "admin", _ => rng.Pick(LaterRoles) };
            var status = i == count - 1 && count >= 5 && rng.Chance(0.3) ? "invited" : "active";
            var person = people.FirstOrDefault(p => p.Position == i + 1);
            if (person.Name is not null)
            {
                // A ticket's author: a real, active user of the account.
                name = person.Name;
                role = person.Role ?? role;
                status = "active";
            }

            var first = name[..name.IndexOf(' ', StringComparison.Ordinal)];
            var last = name[(name.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            var method = account.Plan == PlanTier.Enterprise ? "sso" : rng.Pick(PasswordlessMethods);
            var joinedAt = i == 0 ? account.CreatedAt : joinDates[i - 1];
            DateTimeOffset? lastLogin = status == "active"
                ? rng.MomentBetween(WorldFacts.WindowFrom.AddDays(-20), WorldFacts.WindowFrom)
                : null;
            account.Users.Add(new UserPlan(
                account.UserId(i + 1),
                name,
                $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}@{account.Domain}",
                role,
                role,
                status,
                joinedAt,
                method,
                lastLogin));
        }
    }
}
