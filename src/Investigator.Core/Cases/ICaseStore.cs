namespace Investigator.Core.Cases;

/// <summary>Durable storage of cases (embedded SQLite by default; PostgreSQL for several instances).</summary>
public interface ICaseStore
{
    Task InsertAsync(SupportCase supportCase, CancellationToken cancellationToken);

    Task UpdateAsync(SupportCase supportCase, CancellationToken cancellationToken);

    Task<SupportCase?> GetAsync(string id, CancellationToken cancellationToken);

    Task<CasePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Ids of cases accepted but not finished (queued or interrupted), oldest first, to resume after a restart.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken);
}
