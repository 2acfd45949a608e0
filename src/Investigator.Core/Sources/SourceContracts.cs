namespace Investigator.Core.Sources;

/// <summary>Account state and its configuration history, from the product's admin API.</summary>
public interface IAccountSource
{
    Task<Account?> GetAccountAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>Accounts that have a user with this address, or whose domain is the address's domain.</summary>
    Task<IReadOnlyList<Account>> FindAccountsByEmailAsync(string email, CancellationToken cancellationToken);
}

/// <summary>Deploys of the product's services.</summary>
public interface IDeploySource
{
    Task<IReadOnlyList<Deploy>> ListDeploysAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>The product's logs (Loki, Elasticsearch, or a local folder).</summary>
public interface ILogSource
{
    Task<LogSearchPage> SearchAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// How many distinct accounts logged an error matching <paramref name="contains"/> in the window.
    /// Returns counts only, never another tenant's lines, so the case's account stays isolated.
    /// </summary>
    Task<int> CountAffectedAccountsAsync(string contains, DateTimeOffset from, DateTimeOffset to, string? service, CancellationToken cancellationToken);
}

/// <summary>Incidents and component status (Atlassian Statuspage v2).</summary>
public interface IIncidentSource
{
    Task<IReadOnlyList<StatusIncident>> ListIncidentsAsync(CancellationToken cancellationToken);
}

/// <summary>The knowledge base.</summary>
public interface IKnowledgeBase
{
    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, int top, CancellationToken cancellationToken);
}

/// <summary>A source that could not answer: becomes a visible "source unavailable" result, never a guess.</summary>
public sealed class SourceUnavailableException : Exception
{
    public SourceUnavailableException() : this("source", "unknown reason") { }

    public SourceUnavailableException(string message) : base(message) => SourceName = "source";

    public SourceUnavailableException(string message, Exception innerException) : base(message, innerException) => SourceName = "source";

    public SourceUnavailableException(string sourceName, string reason, Exception? innerException = null)
        : base($"{sourceName} is unavailable: {reason}", innerException) => SourceName = sourceName;

    /// <summary>Which source failed: logs, accounts, incidents, deploys, knowledge base, case memory.</summary>
    public string SourceName { get; }
}
