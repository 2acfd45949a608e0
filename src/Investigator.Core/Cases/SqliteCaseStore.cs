using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Learning;
using Microsoft.Data.Sqlite;

namespace Investigator.Core.Cases;

/// <summary>
/// Cases in an embedded SQLite database (WAL mode). The whole case is one JSON document; the columns
/// beside it exist for listing and resuming, and partial indexes over the document find the cases
/// that hold a suggested article or an SLA breach. The document's timeline is appended to in place
/// and kept by every update, so an update from a stale copy of the case never loses an event. A failed
/// case's next attempt has a column of its own (added to a database written before retries when the
/// store opens it), so the worker finds the retries due without reading documents. The case list filters
/// on the decision inside the document (indexes on those expressions keep a filtered page cheap) and reads
/// only the parts of each document its rows show.
/// </summary>
public sealed class SqliteCaseStore : ICaseStore
{
    // The same text in the index and in the query: SQLite uses a partial index only for a query whose
    // WHERE clause contains the index's. An index on an expression needs no new column, so a database
    // written before it needs no migration.
    private const string HasSuggestedArticle = "json_extract(document, '$.resolution.suggestedArticle') IS NOT NULL";

    // A cheap text pre-filter for the breach listing's index; json_each then reads the exact events. In the compact
    // JSON that both the serializer and SQLite write, text inside a string value has its quotes escaped, so only a
    // timeline event matches.
    private const string HasSlaBreach = "instr(document, '\"kind\":\"slaBreached\"') > 0";

    // The stored timeline, or an empty one for a case written before timelines existed.
    private const string StoredTimeline = "json(COALESCE(json_extract(document, '$.timeline'), '[]'))";

    // The stored write-back to the helpdesk, kept by an update that does not set it (JSON null when there is none).
    private const string StoredPost = "json(json_extract(document, '$.helpdeskPost'))";

    // The failed cases' retry index is partial, so its query must say the same.
    private const string IsFailed = "status = 'failed'";

    // The decision's parts the case list filters on. The same text in the indexes and the queries: SQLite uses an
    // index on an expression only for a query that says the same expression.
    private const string DispositionOf = "json_extract(document, '$.decision.disposition')";
    private const string PriorityOf = "json_extract(document, '$.decision.priority')";
    private const string TierOf = "json_extract(document, '$.decision.route.tier')";
    private const string FirstResponseDueOf = "json_extract(document, '$.decision.sla.firstResponseDue')";
    private const string ResolutionDueOf = "json_extract(document, '$.decision.sla.resolutionDue')";

    // As HasSlaBreach: only a timeline event can hold this text unescaped.
    private const string HasAcknowledgement = "instr(document, '\"kind\":\"acknowledged\"') > 0";

    // Accepted and not finished: the cases an instance works, and the only ones a lease is kept on.
    private const string IsUnfinished = "status IN ('queued', 'investigating')";

    // An ordinary write keeps the lease of an unfinished case and clears it otherwise ($s is the status written).
    private const string KeptLease = "lease_owner = CASE WHEN $s IN ('queued', 'investigating') THEN lease_owner END, lease_until = CASE WHEN $s IN ('queued', 'investigating') THEN lease_until END";

    // Open for the SLA, as ListOpenAsync: not resolved, and not failed or parked (no clock to watch).
    private const string IsOpen = "status IN ('queued', 'investigating', 'completed')";

    // The insights read this many cases per query: memory stays bounded and no read holds the database for long.
    private const int MeasuresPerPage = 500;

    private readonly string _connectionString;

    public SqliteCaseStore(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            // Outside the transaction: SQLite cannot change the journal mode inside one.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        // One writer at a time creates or migrates the schema, so two stores opening one file cannot both add a column.
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS cases (
                id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                received_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                document TEXT NOT NULL,
                next_attempt_at TEXT,
                helpdesk_post_due_at TEXT,
                lease_owner TEXT,
                lease_until TEXT);
            """;
        command.ExecuteNonQuery();
        // A database written before retries, or before write-backs were durable: the column is added, and no stored
        // case has a retry or a post due.
        AddColumnIfMissing(command, "next_attempt_at");
        AddColumnIfMissing(command, "helpdesk_post_due_at");
        // A database written before leases: no case is held by an instance.
        AddColumnIfMissing(command, "lease_owner");
        AddColumnIfMissing(command, "lease_until");

        command.CommandText = $"""
            CREATE INDEX IF NOT EXISTS cases_received ON cases (received_at DESC, id DESC);
            CREATE INDEX IF NOT EXISTS cases_status ON cases (status);
            CREATE INDEX IF NOT EXISTS cases_status_received ON cases (status, received_at DESC, id DESC);
            CREATE INDEX IF NOT EXISTS cases_retry_due ON cases (next_attempt_at) WHERE {IsFailed};
            CREATE INDEX IF NOT EXISTS cases_post_due ON cases (helpdesk_post_due_at) WHERE helpdesk_post_due_at IS NOT NULL;
            CREATE INDEX IF NOT EXISTS cases_suggested_article ON cases (id) WHERE {HasSuggestedArticle};
            CREATE INDEX IF NOT EXISTS cases_sla_breached ON cases (id) WHERE {HasSlaBreach};
            CREATE INDEX IF NOT EXISTS cases_disposition ON cases ({DispositionOf}, received_at DESC, id DESC);
            CREATE INDEX IF NOT EXISTS cases_priority ON cases ({PriorityOf}, received_at DESC, id DESC);
            CREATE INDEX IF NOT EXISTS cases_tier ON cases ({TierOf}, received_at DESC, id DESC);
            CREATE INDEX IF NOT EXISTS cases_lease_owner ON cases (lease_owner) WHERE lease_owner IS NOT NULL;
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public Task InsertAsync(SupportCase supportCase, CancellationToken cancellationToken) => InsertAsync(supportCase, null, cancellationToken);

    public async Task InsertAsync(SupportCase supportCase, CaseLease? lease, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO cases (id, status, received_at, updated_at, next_attempt_at, document, lease_owner, lease_until) VALUES ($id, $s, $r, $u, $n, $d, $owner, $until)";
        Bind(command, supportCase);
        command.Parameters.AddWithValue("$owner", (object?)lease?.Owner ?? DBNull.Value);
        command.Parameters.AddWithValue("$until", lease is null ? DBNull.Value : Timestamp(lease.Until));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // The timeline is the store's: the stored one replaces whatever the caller's copy holds.
        command.CommandText = $"UPDATE cases SET status = $s, updated_at = $u, next_attempt_at = $n, {KeptLease}, document = json_set($d, '$.timeline', {StoredTimeline}, '$.helpdeskPost', {StoredPost}) WHERE id = $id";
        Bind(command, supportCase);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new KeyNotFoundException($"Case {supportCase.Id} does not exist.");
        }
    }

    public Task<SupportCase?> UpdateIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        UpdateIfUnchangedAsync(expected, updated, events, null, cancellationToken);

    public Task<SupportCase?> UpdateIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, CancellationToken cancellationToken) =>
        WriteIfUnchangedAsync(expected, updated, events, post, LeaseWrite.Keep, cancellationToken);

    public Task<SupportCase?> ClaimAsync(SupportCase expected, SupportCase claimed, CaseLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteIfUnchangedAsync(expected, claimed, [], null, new LeaseWrite(
            "(lease_owner IS NULL OR lease_owner = $owner OR lease_until < $now)", "lease_owner = $owner, lease_until = $until",
            command =>
            {
                command.Parameters.AddWithValue("$owner", lease.Owner);
                command.Parameters.AddWithValue("$until", Timestamp(lease.Until));
                command.Parameters.AddWithValue("$now", Timestamp(now));
            }), cancellationToken);
    }

    public Task<SupportCase?> FinishAsync(SupportCase claimed, SupportCase outcome, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteIfUnchangedAsync(claimed, outcome, events, post, new LeaseWrite(
            "lease_owner = $owner", "lease_owner = NULL, lease_until = NULL",
            command => command.Parameters.AddWithValue("$owner", owner)), cancellationToken);
    }

    public async Task<int> RenewLeasesAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE cases SET lease_until = $until WHERE lease_owner = $owner AND {IsUnfinished}";
        command.Parameters.AddWithValue("$owner", owner);
        command.Parameters.AddWithValue("$until", Timestamp(until));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ClaimUnfinishedAsync(CaseLease lease, DateTimeOffset now, int limit, bool includeOwn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // One statement, and SQLite has one writer at a time: two instances never take the same case.
        command.CommandText = $"""
            UPDATE cases SET lease_owner = $owner, lease_until = $until
            WHERE id IN (SELECT id FROM cases WHERE {IsUnfinished} AND (lease_owner IS NULL OR lease_until < $now{(includeOwn ? " OR lease_owner = $owner" : "")})
                         ORDER BY received_at, id LIMIT $limit)
            RETURNING id, received_at
            """;
        command.Parameters.AddWithValue("$owner", lease.Owner);
        command.Parameters.AddWithValue("$until", Timestamp(lease.Until));
        command.Parameters.AddWithValue("$now", Timestamp(now));
        command.Parameters.AddWithValue("$limit", limit);
        var claimed = new List<(string Id, string ReceivedAt)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetString(0), reader.GetString(1)));
        }

        return claimed.OrderBy(c => c.ReceivedAt, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
    }

    /// <summary>
    /// How a conditional write treats the lease: a further condition on it, what it sets, and the parameters of both.
    /// <see cref="Keep"/>: no condition; the lease stays while the case is unfinished and is cleared otherwise.
    /// </summary>
    private sealed record LeaseWrite(string? Condition, string Set, Action<SqliteCommand> Bind)
    {
        public static LeaseWrite Keep { get; } = new(null, KeptLease, _ => { });
    }

    private async Task<SupportCase?> WriteIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, LeaseWrite lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(events);
        if (!string.Equals(expected.Id, updated.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Case {updated.Id} cannot replace case {expected.Id}.", nameof(updated));
        }

        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // The stored timeline, then the events, as AppendEventsAsync writes them; one statement, so the case and its events land together.
        var timeline = events.Count == 0 ? StoredTimeline : $"json_insert({StoredTimeline}, {string.Join(", ", events.Select((_, i) => $"'$[#]', json($e{i})"))})";
        command.CommandText = $"""
            UPDATE cases SET status = $s, updated_at = $u, next_attempt_at = $n, {(post is null ? "" : "helpdesk_post_due_at = $postDue, ")}{lease.Set},
                document = json_set($d, '$.timeline', {timeline}, '$.helpdeskPost', {(post is null ? StoredPost : "json($post)")})
            WHERE id = $id AND status = $expectedStatus AND updated_at = $expectedUpdated{(lease.Condition is null ? "" : $" AND {lease.Condition}")}
            RETURNING document
            """;
        Bind(command, updated);
        lease.Bind(command);
        if (post is not null)
        {
            BindPost(command, post);
        }

        command.Parameters.AddWithValue("$expectedStatus", StatusName(expected.Status));
        command.Parameters.AddWithValue("$expectedUpdated", Timestamp(expected.UpdatedAt));
        for (var i = 0; i < events.Count; i++)
        {
            command.Parameters.AddWithValue($"$e{i}", JsonSerializer.Serialize(events[i], ContractJson.Options));
        }

        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<SupportCase>(json, ContractJson.Options)
            : null;
    }

    public async Task<SupportCase?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM cases WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<SupportCase>(json, ContractJson.Options)
            : null;
    }

    public Task<CasePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken) => ListAsync(page, pageSize, CaseFilter.None, cancellationToken);

    public Task<CasePage> ListAsync(int page, int pageSize, CaseStatus? status, CancellationToken cancellationToken) =>
        ListAsync(page, pageSize, new CaseFilter { Status = status }, cancellationToken);

    public async Task<CasePage> ListAsync(int page, int pageSize, CaseFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var where = WhereOf(filter);
        await using var connection = Open();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM cases {where}";
        BindFilter(count, filter);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        await using var command = connection.CreateCommand();
        // Only what a row shows, never the whole document: a case's trace and texts are most of it.
        command.CommandText = $"""
            SELECT id, status, json_extract(document, '$.receivedAt'), json_extract(document, '$.updatedAt'), json_extract(document, '$.ticket.subject'),
                   json_extract(document, '$.facts.account.id.value'), {DispositionOf}, {PriorityOf}, {TierOf}, json_extract(document, '$.decision.route.queue'),
                   {FirstResponseDueOf}, {ResolutionDueOf}, {HasAcknowledgement}
            FROM cases {where}
            ORDER BY received_at DESC, id DESC LIMIT $limit OFFSET $offset
            """;
        BindFilter(command, filter);
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        var items = new List<CaseSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new CaseSummary(
                reader.GetString(0),
                NamedOrNull<CaseStatus>(reader, 1) ?? throw new InvalidDataException($"Case {reader.GetString(0)} has an unknown status."),
                TimeOrNull(reader, 2)!.Value,
                TimeOrNull(reader, 3)!.Value,
                reader.IsDBNull(4) ? "" : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                NamedOrNull<Disposition>(reader, 6),
                NamedOrNull<Priority>(reader, 7),
                NamedOrNull<SupportTier>(reader, 8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                TimeOrNull(reader, 10),
                TimeOrNull(reader, 11),
                reader.GetBoolean(12)));
        }

        return new CasePage(items, page, pageSize, total);
    }

    public async IAsyncEnumerable<CaseMeasures> ReadMeasuresAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keyset paging on (received_at, id), oldest first: each page is one short read over the received index.
        (string ReceivedAt, string Id)? after = null;
        while (true)
        {
            var page = new List<(CaseMeasures Measures, string ReceivedAt)>(MeasuresPerPage);
            await using (var connection = Open())
            await using (var command = connection.CreateCommand())
            {
                // The evidence's trace steps only as [startedAt, durationMs] pairs, the error codes only as their values.
                command.CommandText = $"""
                    SELECT id, status, received_at, json_extract(document, '$.receivedAt'),
                           {DispositionOf}, json_extract(document, '$.decision.type'), {PriorityOf}, {FirstResponseDueOf}, {ResolutionDueOf},
                           json_extract(document, '$.decision.escalation') IS NOT NULL,
                           json_extract(document, '$.timeline'),
                           (SELECT json_group_array(json_array(json_extract(t.value, '$.startedAt'), json_extract(t.value, '$.durationMs')))
                              FROM json_each(cases.document, '$.trace') AS t
                             WHERE json_extract(t.value, '$.id') IN (SELECT json_extract(e.value, '$.traceStepId') FROM json_each(cases.document, '$.investigation.evidence') AS e)),
                           json_extract(document, '$.facts.problemStatement.value'),
                           (SELECT json_group_array(json_extract(c.value, '$.value')) FROM json_each(cases.document, '$.facts.errorCodes') AS c)
                    FROM cases
                    WHERE received_at >= $from AND received_at <= $to {(after is null ? "" : "AND (received_at, id) > ($afterReceived, $afterId)")}
                    ORDER BY received_at, id LIMIT $limit
                    """;
                command.Parameters.AddWithValue("$from", Timestamp(from));
                command.Parameters.AddWithValue("$to", Timestamp(to));
                command.Parameters.AddWithValue("$limit", MeasuresPerPage);
                if (after is { } last)
                {
                    command.Parameters.AddWithValue("$afterReceived", last.ReceivedAt);
                    command.Parameters.AddWithValue("$afterId", last.Id);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((ReadMeasures(reader), reader.GetString(2)));
                }
            }

            foreach (var (measures, _) in page)
            {
                yield return measures;
            }

            if (page.Count < MeasuresPerPage)
            {
                yield break;
            }

            after = (page[^1].ReceivedAt, page[^1].Measures.Id);
        }
    }

    private static CaseMeasures ReadMeasures(SqliteDataReader reader)
    {
        var id = reader.GetString(0);
        var timeline = reader.IsDBNull(10) ? [] : JsonSerializer.Deserialize<List<CaseEvent>>(reader.GetString(10), ContractJson.Options) ?? [];
        DateTimeOffset? firstEvidence = null;
        foreach (var step in JsonSerializer.Deserialize<List<JsonElement[]>>(reader.GetString(11)) ?? [])
        {
            if (step is [{ ValueKind: JsonValueKind.String } started, { ValueKind: JsonValueKind.Number } duration])
            {
                var end = started.GetDateTimeOffset().AddMilliseconds(duration.GetDouble());
                firstEvidence = firstEvidence is { } earlier && earlier <= end ? earlier : end;
            }
        }

        return new CaseMeasures(
            id,
            NamedOrNull<CaseStatus>(reader, 1) ?? throw new InvalidDataException($"Case {id} has an unknown status."),
            TimeOrNull(reader, 3)!.Value,
            NamedOrNull<Disposition>(reader, 4),
            NamedOrNull<CaseType>(reader, 5),
            NamedOrNull<Priority>(reader, 6),
            TimeOrNull(reader, 7),
            TimeOrNull(reader, 8),
            reader.GetBoolean(9),
            timeline,
            firstEvidence,
            reader.IsDBNull(12) ? null : reader.GetString(12),
            JsonSerializer.Deserialize<List<string?>>(reader.GetString(13))?.OfType<string>().ToList() ?? []);
    }

    /// <summary>The WHERE clause of a case list, with a parameter for each part of the filter that is set.</summary>
    private static string WhereOf(CaseFilter filter)
    {
        var conditions = new List<string>();
        if (filter.Status is not null) conditions.Add("status = $status");
        if (filter.Disposition is not null) conditions.Add($"{DispositionOf} = $disposition");
        if (filter.Priority is not null) conditions.Add($"{PriorityOf} = $priority");
        if (filter.Tier is not null) conditions.Add($"{TierOf} = $tier");
        if (filter.DueBy is not null)
        {
            // julianday compares instants whatever offset a due time was written with (a business-hours clock writes
            // the calendar's); a missing due time is NULL and never matches.
            conditions.Add($"{IsOpen} AND ((julianday({FirstResponseDueOf}) <= julianday($dueBy) AND NOT {HasAcknowledgement}) OR julianday({ResolutionDueOf}) <= julianday($dueBy))");
        }

        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions.Select(c => $"({c})"));
    }

    private static void BindFilter(SqliteCommand command, CaseFilter filter)
    {
        if (filter.Status is { } status) command.Parameters.AddWithValue("$status", StatusName(status));
        if (filter.Disposition is { } disposition) command.Parameters.AddWithValue("$disposition", ContractNames.Of(disposition));
        if (filter.Priority is { } priority) command.Parameters.AddWithValue("$priority", ContractNames.Of(priority));
        if (filter.Tier is { } tier) command.Parameters.AddWithValue("$tier", ContractNames.Of(tier));
        if (filter.DueBy is { } dueBy) command.Parameters.AddWithValue("$dueBy", Timestamp(dueBy));
    }

    private static T? NamedOrNull<T>(SqliteDataReader reader, int ordinal) where T : struct, Enum =>
        !reader.IsDBNull(ordinal) && ContractNames.TryParse<T>(reader.GetString(ordinal), out var value) ? value : null;

    private static DateTimeOffset? TimeOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public async Task<IReadOnlyList<SuggestedArticle>> ListSuggestedArticlesAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // INDEXED BY: the query fails rather than silently reading every case document.
        command.CommandText = $"""
            SELECT id, json_extract(document, '$.resolution.suggestedArticle'), json_extract(document, '$.decision.escalation') IS NOT NULL
            FROM cases INDEXED BY cases_suggested_article
            WHERE {HasSuggestedArticle}
            """;
        var articles = new List<SuggestedArticle>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var suggestion = JsonSerializer.Deserialize<KnowledgeSuggestion>(reader.GetString(1), ContractJson.Options)!;
            articles.Add(new SuggestedArticle(reader.GetString(0), suggestion, reader.GetBoolean(2)));
        }

        return articles;
    }

    public async Task<SupportCase?> AppendEventsAsync(string id, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return await GetAsync(id, cancellationToken);
        }

        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // One statement, so atomic: '$.timeline[#]' appends each event after the stored ones.
        var appends = string.Join(", ", events.Select((_, i) => $"'$.timeline[#]', json($e{i})"));
        command.CommandText = $"UPDATE cases SET document = json_insert(json_set(document, '$.timeline', {StoredTimeline}), {appends}) WHERE id = $id RETURNING document";
        command.Parameters.AddWithValue("$id", id);
        for (var i = 0; i < events.Count; i++)
        {
            command.Parameters.AddWithValue($"$e{i}", JsonSerializer.Serialize(events[i], ContractJson.Options));
        }

        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<SupportCase>(json, ContractJson.Options)
            : null;
    }

    public async Task<IReadOnlyList<SupportCase>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // IN over the listed statuses (not NOT IN) so that the status index is used.
        command.CommandText = "SELECT document FROM cases WHERE status IN ('queued', 'investigating', 'completed') ORDER BY received_at, id";
        var cases = new List<SupportCase>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(JsonSerializer.Deserialize<SupportCase>(reader.GetString(0), ContractJson.Options)!);
        }

        return cases;
    }

    public async Task<SlaBreachPage> ListBreachesAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        // INDEXED BY: the query fails rather than silently reading every case document.
        const string breaches = $"""
            FROM cases INDEXED BY cases_sla_breached, json_each(cases.document, '$.timeline') AS e
            WHERE {HasSlaBreach} AND json_extract(e.value, '$.kind') = 'slaBreached'
            """;
        await using var connection = Open();
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) {breaches}";
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT cases.document, e.value {breaches} ORDER BY json_extract(e.value, '$.at') DESC, cases.id, e.key LIMIT $limit OFFSET $offset";
        command.Parameters.AddWithValue("$limit", pageSize);
        command.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        var items = new List<SlaBreach>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var c = JsonSerializer.Deserialize<SupportCase>(reader.GetString(0), ContractJson.Options)!;
            var breach = JsonSerializer.Deserialize<CaseEvent>(reader.GetString(1), ContractJson.Options)!;
            items.Add(new SlaBreach(c.Id, c.Decision?.Priority, breach.Breach ?? throw new InvalidDataException($"Case {c.Id} has a breach event that names no target."), breach.Due, breach.At, SlaWatch.CurrentTier(c)));
        }

        return new SlaBreachPage(items, page, pageSize, total);
    }

    public Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        ListIdsAsync($"SELECT id FROM cases WHERE {IsUnfinished} ORDER BY received_at, id", null, cancellationToken);

    public Task<IReadOnlyList<string>> ListDueForRetryAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ListIdsAsync($"SELECT id FROM cases WHERE {IsFailed} AND next_attempt_at <= $now ORDER BY next_attempt_at, id", now, cancellationToken);

    public Task<IReadOnlyList<string>> ListHelpdeskPostsDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ListIdsAsync("SELECT id FROM cases WHERE helpdesk_post_due_at IS NOT NULL AND helpdesk_post_due_at <= $now ORDER BY helpdesk_post_due_at, id", now, cancellationToken);

    /// <summary>The ids a query selects, in its order; <paramref name="now"/> binds <c>$now</c> when given.</summary>
    private async Task<IReadOnlyList<string>> ListIdsAsync(string query, DateTimeOffset? now, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = query;
        if (now is { } at)
        {
            command.Parameters.AddWithValue("$now", Timestamp(at));
        }

        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<SupportCase?> ClaimHelpdeskPostAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // One statement: of two posters, one moves the due time past now and gets the case, the other gets nothing.
        command.CommandText = """
            UPDATE cases SET helpdesk_post_due_at = $lease, document = json_set(document, '$.helpdeskPost.dueAt', $leaseJson)
            WHERE id = $id AND helpdesk_post_due_at IS NOT NULL AND helpdesk_post_due_at <= $now
            RETURNING document
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Timestamp(now));
        command.Parameters.AddWithValue("$lease", Timestamp(leaseUntil));
        command.Parameters.AddWithValue("$leaseJson", JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(leaseUntil, ContractJson.Options)));
        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<SupportCase>(json, ContractJson.Options)
            : null;
    }

    public async Task<SupportCase?> RecordHelpdeskPostAsync(string id, DateTimeOffset claimedUntil, HelpdeskPost post, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        var timeline = events.Count == 0 ? StoredTimeline : $"json_insert({StoredTimeline}, {string.Join(", ", events.Select((_, i) => $"'$[#]', json($e{i})"))})";
        command.CommandText = $"""
            UPDATE cases SET helpdesk_post_due_at = $postDue, document = json_set(document, '$.helpdeskPost', json($post), '$.timeline', {timeline})
            WHERE id = $id AND helpdesk_post_due_at = $claimedUntil
            RETURNING document
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$claimedUntil", Timestamp(claimedUntil));
        BindPost(command, post);
        for (var i = 0; i < events.Count; i++)
        {
            command.Parameters.AddWithValue($"$e{i}", JsonSerializer.Serialize(events[i], ContractJson.Options));
        }

        return await command.ExecuteScalarAsync(cancellationToken) is string json
            ? JsonSerializer.Deserialize<SupportCase>(json, ContractJson.Options)
            : null;
    }

    public async Task<CaseQueueDepth> CountQueueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // A failed case without a next attempt (failed before retries existed) waits for a person, like a parked one,
        // but is not counted as parked: its status says what happened to it.
        command.CommandText = """
            SELECT COUNT(CASE WHEN status = 'queued' THEN 1 END),
                   COUNT(CASE WHEN status = 'investigating' THEN 1 END),
                   COUNT(CASE WHEN status = 'failed' AND next_attempt_at <= $now THEN 1 END),
                   COUNT(CASE WHEN status = 'failed' AND next_attempt_at > $now THEN 1 END),
                   COUNT(CASE WHEN status = 'parked' THEN 1 END)
            FROM cases WHERE status IN ('queued', 'investigating', 'failed', 'parked')
            """;
        command.Parameters.AddWithValue("$now", Timestamp(now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new CaseQueueDepth(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL with synchronous=NORMAL: a commit survives the process being killed (the WAL is written before
        // the commit returns); only a power or OS failure can lose the last commits, which are then re-sent by
        // the helpdesk as unacknowledged deliveries. FULL would sync the disk on every commit.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static void Bind(SqliteCommand command, SupportCase c)
    {
        command.Parameters.AddWithValue("$id", c.Id);
        command.Parameters.AddWithValue("$s", StatusName(c.Status));
        command.Parameters.AddWithValue("$r", Timestamp(c.ReceivedAt));
        command.Parameters.AddWithValue("$u", Timestamp(c.UpdatedAt));
        // Only a failed case has a next attempt: the column must never make another case look due.
        command.Parameters.AddWithValue("$n", c is { Status: CaseStatus.Failed, NextAttemptAt: { } next } ? Timestamp(next) : DBNull.Value);
        command.Parameters.AddWithValue("$d", JsonSerializer.Serialize(c, ContractJson.Options));
    }

    /// <summary>The status as the column and the JSON contract write it (<c>parked</c>).</summary>
    private static string StatusName(CaseStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    // Fixed-width UTC ISO 8601, so that text order is time order in the columns.
    /// <summary>The post as the document holds it, and its due time in the column only while it is pending.</summary>
    private static void BindPost(SqliteCommand command, HelpdeskPost post)
    {
        command.Parameters.AddWithValue("$post", JsonSerializer.Serialize(post, ContractJson.Options));
        command.Parameters.AddWithValue("$postDue", post is { Status: HelpdeskPostStatus.Pending, DueAt: { } due } ? Timestamp(due) : DBNull.Value);
    }

    private static void AddColumnIfMissing(SqliteCommand command, string column)
    {
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('cases') WHERE name = '{column}'";
        if (Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = $"ALTER TABLE cases ADD COLUMN {column} TEXT";
            command.ExecuteNonQuery();
        }
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
