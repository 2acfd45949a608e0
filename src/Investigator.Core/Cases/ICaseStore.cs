namespace Investigator.Core.Cases;

/// <summary>Durable storage of cases (embedded SQLite by default; PostgreSQL for several instances).</summary>
public interface ICaseStore
{
    Task InsertAsync(SupportCase supportCase, CancellationToken cancellationToken) => InsertAsync(supportCase, null, cancellationToken);

    /// <summary>Stores a new case; a queued case accepted by an instance is stored with that instance's <paramref name="lease"/>.</summary>
    Task InsertAsync(SupportCase supportCase, CaseLease? lease, CancellationToken cancellationToken);

    Task UpdateAsync(SupportCase supportCase, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="updated"/>, with <paramref name="events"/> appended to its timeline, in one atomic write,
    /// only if the stored case is still as <paramref name="expected"/> left it (same status, same
    /// <see cref="SupportCase.UpdatedAt"/>). Returns the case as stored, or null when another part of the service moved
    /// it since it was read (or there is no such case): the check that keeps a retry, a worker and a person from moving
    /// one case twice, and a reader from seeing a parked case without its parked event.
    /// </summary>
    Task<SupportCase?> UpdateIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        UpdateIfUnchangedAsync(expected, updated, events, null, cancellationToken);

    /// <summary>
    /// As <see cref="UpdateIfUnchangedAsync(SupportCase, SupportCase, IReadOnlyList{CaseEvent}, CancellationToken)"/>, and
    /// sets the case's <see cref="SupportCase.HelpdeskPost"/> to <paramref name="post"/> in the same write (the stored one
    /// is kept when null): a completed investigation and its due write-back land together.
    /// </summary>
    Task<SupportCase?> UpdateIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, CancellationToken cancellationToken);

    // Leases: which instance works a case. A write by UpdateIfUnchangedAsync or UpdateAsync keeps the stored lease while
    // the case stays queued or investigating, and clears it otherwise.

    /// <summary>
    /// A worker's claim of a case to investigate: stores <paramref name="claimed"/> with <paramref name="lease"/> only if
    /// the stored case is still as <paramref name="expected"/> left it and its lease is free (none, run out at
    /// <paramref name="now"/>, or <paramref name="lease"/>'s owner's own). Returns the case as stored, or null when
    /// another instance holds it or it moved.
    /// </summary>
    Task<SupportCase?> ClaimAsync(SupportCase expected, SupportCase claimed, CaseLease lease, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// A worker's last write of an attempt (completed, failed, parked, or back to the queue when interrupted): as
    /// <see cref="UpdateIfUnchangedAsync(SupportCase, SupportCase, IReadOnlyList{CaseEvent}, HelpdeskPost?, CancellationToken)"/>,
    /// and only while <paramref name="owner"/> still holds the case's lease; the lease is cleared. Null when the case
    /// moved or another instance took it over after the lease ran out: this attempt's outcome is then dropped.
    /// </summary>
    Task<SupportCase?> FinishAsync(SupportCase claimed, SupportCase outcome, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// The heartbeat: every queued or investigating case whose lease <paramref name="owner"/> holds is held until
    /// <paramref name="until"/>, in one statement. Returns how many.
    /// </summary>
    Task<int> RenewLeasesAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="limit"/> cases that wait for an instance: queued or investigating, with no lease or a
    /// lease run out at <paramref name="now"/> (its instance crashed or stopped), and, with <paramref name="includeOwn"/>,
    /// a lease of <paramref name="lease"/>'s own owner (the same instance restarted). Each gets <paramref name="lease"/>;
    /// rows another instance is claiming at the same moment are skipped, not waited for. Returns their ids, oldest first.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimUnfinishedAsync(CaseLease lease, DateTimeOffset now, int limit, bool includeOwn, CancellationToken cancellationToken);

    Task<SupportCase?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Cases, newest first, paged.</summary>
    Task<CasePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken) => ListAsync(page, pageSize, CaseFilter.None, cancellationToken);

    /// <summary>Cases in <paramref name="status"/> (every case when null), newest first, paged; the total counts only those.</summary>
    Task<CasePage> ListAsync(int page, int pageSize, CaseStatus? status, CancellationToken cancellationToken) =>
        ListAsync(page, pageSize, new CaseFilter { Status = status }, cancellationToken);

    /// <summary>
    /// The cases that pass <paramref name="filter"/>, newest first, paged; the total counts only those. The query
    /// filters, counts and pages in the store, never in memory.
    /// </summary>
    Task<CasePage> ListAsync(int page, int pageSize, CaseFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// What the insights count (<see cref="CaseMeasures"/>) of every case received from <paramref name="from"/> to
    /// <paramref name="to"/> (both inclusive), oldest first. Read a page at a time and only the parts of each document
    /// the insights need, so a long period costs time, never memory: of the trace and the evidence only the times of the
    /// steps that found evidence, of the facts only the problem statement and the error codes.
    /// </summary>
    IAsyncEnumerable<CaseMeasures> ReadMeasuresAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

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

    /// <summary>
    /// Cases still open for the SLA (queued, investigating or completed), oldest first. Not resolved ones, and not
    /// failed or parked ones: those never reached a decision, so there is no SLA clock to watch.
    /// </summary>
    Task<IReadOnlyList<SupportCase>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>Recorded SLA breaches, one row per missed target, the most recently recorded first.</summary>
    Task<SlaBreachPage> ListBreachesAsync(int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>
    /// Ids of cases accepted but not finished (queued, or investigating when the service stopped without returning
    /// them to the queue), oldest first, to resume after a restart. A failed case waiting for its retry is not among
    /// them (<see cref="ListDueForRetryAsync"/> finds it when it is due), nor is a parked one (it waits for a person).
    /// </summary>
    Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken);

    /// <summary>Ids of failed cases whose next attempt is due at <paramref name="now"/>, the longest due first.</summary>
    Task<IReadOnlyList<string>> ListDueForRetryAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ids of cases whose write-back to the helpdesk is pending and due at <paramref name="now"/>, the longest due first.</summary>
    Task<IReadOnlyList<string>> ListHelpdeskPostsDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a due write-back for one poster: its due time moves to <paramref name="leaseUntil"/> (so no other poster takes
    /// it, and a poster that dies lets it come due again then) and the case is returned; null when it is not due (another
    /// poster has it, it was posted, or there is no such case).
    /// </summary>
    Task<SupportCase?> ClaimHelpdeskPostAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Stores what came of a write-back claimed until <paramref name="claimedUntil"/>, with <paramref name="events"/>
    /// appended to the timeline, in one atomic write that touches nothing else of the case. Null when the claim is no
    /// longer held: the case was investigated again meanwhile (its new outcome is due now), or there is no such case.
    /// </summary>
    Task<SupportCase?> RecordHelpdeskPostAsync(string id, DateTimeOffset claimedUntil, HelpdeskPost post, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken);

    /// <summary>How much work waits in the store at <paramref name="now"/> (<see cref="CaseQueueDepth"/>); one cheap query.</summary>
    Task<CaseQueueDepth> CountQueueAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
