namespace Investigator.Core.Sources.Local;

/// <summary>The admin API over a local world.</summary>
public sealed class LocalAccountSource(LocalWorld world) : IAccountSource
{
    public Task<Account?> GetAccountAsync(string accountId, CancellationToken cancellationToken) =>
        Task.FromResult(world.Account(accountId));

    public Task<IReadOnlyList<Account>> FindAccountsByEmailAsync(string email, CancellationToken cancellationToken)
    {
        var at = email.LastIndexOf('@');
        var domain = at < 0 ? "" : email[(at + 1)..];
        IReadOnlyList<Account> found = world.Accounts
            .Where(a => a.Users.Any(u => u.Email.Equals(email, StringComparison.OrdinalIgnoreCase))
                        || (domain.Length > 0 && a.Domain.Equals(domain, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return Task.FromResult(found);
    }
}

/// <summary>Deploys from a local world.</summary>
public sealed class LocalDeploySource(LocalWorld world) : IDeploySource
{
    public Task<IReadOnlyList<Deploy>> ListDeploysAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        IReadOnlyList<Deploy> found = world.Deploys.Where(d => d.At >= from && d.At <= to).OrderBy(d => d.At).ToList();
        return Task.FromResult(found);
    }
}

/// <summary>Status page incidents from a local world.</summary>
public sealed class LocalIncidentSource(LocalWorld world) : IIncidentSource
{
    public Task<IReadOnlyList<StatusIncident>> ListIncidentsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(world.Incidents);
}

/// <summary>Logs from a local world, searched by account and time first.</summary>
public sealed class LocalLogSource(LocalWorld world) : ILogSource
{
    public Task<LogSearchPage> SearchAsync(LogQuery query, CancellationToken cancellationToken)
    {
        var minRank = query.MinLevel is null ? 0 : LogLevels.Rank(query.MinLevel);
        var matched = new List<LogEntry>();
        var total = 0;
        foreach (var line in world.LogsOf(query.AccountId, query.From, query.To))
        {
            if (!Matches(line, query.Service, minRank, query.Contains))
            {
                continue;
            }

            total++;
            matched.Add(line);
        }

        // Keep the newest lines when capped: they describe the state the customer is in now.
        var truncated = matched.Count > query.Limit;
        IReadOnlyList<LogEntry> lines = truncated ? matched.GetRange(matched.Count - query.Limit, query.Limit) : matched;
        return Task.FromResult(new LogSearchPage(lines, total, truncated));
    }

    public Task<int> CountAffectedAccountsAsync(string contains, DateTimeOffset from, DateTimeOffset to, string? service, CancellationToken cancellationToken)
    {
        var minRank = LogLevels.Rank("warn");
        var count = world.AllLogs(from, to)
            .Where(x => Matches(x.Line, service, minRank, contains))
            .Select(x => x.AccountId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Count();
        return Task.FromResult(count);
    }

    private static bool Matches(LogEntry line, string? service, int minRank, string? contains) =>
        (service is null || line.Service.Equals(service, StringComparison.OrdinalIgnoreCase))
        && LogLevels.Rank(line.Level) >= minRank
        && (contains is null
            || line.Message.Contains(contains, StringComparison.OrdinalIgnoreCase)
            || (line.ErrorCode?.Equals(contains, StringComparison.OrdinalIgnoreCase) ?? false));
}
