namespace Investigator.Core.Cases;

/// <summary>Durable storage of cases (embedded SQLite by default; PostgreSQL for several instances).</summary>
public interface ICaseStore
{
    Task InsertAsync(SupportCase supportCase, CancellationToken cancellationToken);

    Task UpdateAsync(SupportCase supportCase, CancellationToken cancellationToken);

    Task<SupportCase?> GetAsync(string id, CancellationToken cancellationToken);

    Task<CasePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Every help article drafted by a confirmed resolution and stored with its case, with the id of that case,
    /// in no particular order. Reads only the cases that hold one, and only the article from each.
    /// </summary>
    Task<IReadOnlyList<SuggestedArticle>> ListSuggestedArticlesAsync(CancellationToken cancellationToken);

    /// <summary>Ids of cases accepted but not finished (queued or interrupted), oldest first, to resume after a restart.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken);
}
