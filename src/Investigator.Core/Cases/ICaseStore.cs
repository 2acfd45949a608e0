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

    /// <summary>
    /// Appends events to a case's timeline in one atomic write, whatever else is writing the case, and returns the
    /// case as stored, or null when there is no such case. The only way the timeline changes after insertion.
    /// </summary>
    Task<SupportCase?> AppendEventsAsync(string id, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken);

    /// <summary>Cases still open (queued, investigating or completed; not resolved or failed), oldest first.</summary>
    Task<IReadOnlyList<SupportCase>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>Recorded SLA breaches, one row per missed target, the most recently recorded first.</summary>
    Task<SlaBreachPage> ListBreachesAsync(int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Ids of cases accepted but not finished (queued or interrupted), oldest first, to resume after a restart.</summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken);
}
