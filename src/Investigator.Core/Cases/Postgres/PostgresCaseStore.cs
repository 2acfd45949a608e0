using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Investigator.Core.Decisioning;
using Investigator.Core.Diagnostics;
using Investigator.Core.Learning;
using Npgsql;

namespace Investigator.Core.Cases.Postgres;

/// <summary>
/// Cases in PostgreSQL, for several instances sharing one database (the schema is <see cref="PostgresSchema"/>'s). As in
/// <see cref="SqliteCaseStore"/>, the whole case is one document (jsonb) with columns beside it for listing, resuming
/// and leases; the timeline and the helpdesk write-back in the document are the store's, kept by every update. Every
/// conditional write is one <c>UPDATE … WHERE</c> on the state the caller read: PostgreSQL re-checks that condition on
/// the latest row when two writers meet, so only one of them wins. Instants are compared as timestamptz, whatever
/// offset a document wrote them with. A server that cannot be reached surfaces as <see cref="StoreUnavailableException"/>.
/// </summary>
public sealed class PostgresCaseStore : ICaseStore
{
    // The decision's parts the case list filters on: the same expressions as the indexes of migration 1.
    private const string DispositionOf = "document #>> '{decision,disposition}'";
    private const string PriorityOf = "document #>> '{decision,priority}'";
    private const string TierOf = "document #>> '{decision,route,tier}'";

    // Due times as instants; the document keeps the text (and offset) the decision wrote.
    private const string FirstResponseDueOf = "(document #>> '{decision,sla,firstResponseDue}')::timestamptz";
    private const string ResolutionDueOf = "(document #>> '{decision,sla,resolutionDue}')::timestamptz";

    // Containment reads only timeline events: a ticket that quotes the event's JSON is text, not an element of the array.
    private const string HasSlaBreach = """document -> 'timeline' @> '[{"kind": "slaBreached"}]'""";
    private const string HasAcknowledgement = """document -> 'timeline' @> '[{"kind": "acknowledged"}]'""";

    // The same predicate as the partial index of migration 1.
    private const string HasSuggestedArticle = "jsonb_typeof(document #> '{resolution,suggestedArticle}') = 'object'";
    private const string EscalatedByDecision = "jsonb_typeof(document #> '{decision,escalation}') = 'object'";

    // The stored timeline (empty for a document without one) and the stored write-back (JSON null when there is none).
    private const string StoredTimeline = "COALESCE(document -> 'timeline', '[]'::jsonb)";
    private const string StoredPost = "COALESCE(document -> 'helpdeskPost', 'null'::jsonb)";

    private const string IsUnfinished = "status IN ('queued', 'investigating')";
    private const string IsOpen = "status IN ('queued', 'investigating', 'completed')";

    // An ordinary write keeps the lease of an unfinished case and clears it otherwise (@s is the status written).
    private const string KeptLease =
        "lease_owner = CASE WHEN @s IN ('queued', 'investigating') THEN lease_owner END, lease_until = CASE WHEN @s IN ('queued', 'investigating') THEN lease_until END";

    // A lease another instance may take: none, run out, or the claimant's own.
    private const string LeaseIsFree = "(lease_owner IS NULL OR lease_owner = @owner OR lease_until < @now)";

    // As LeaseIsFree, without the owner's own live leases: what a running instance looks for besides its own work.
    private const string LeaseIsFreeForOthers = "(lease_owner IS NULL OR lease_until < @now)";

    // The insights read this many cases per query: memory stays bounded and no read holds a connection for long.
    private const int MeasuresPerPage = 500;

    private readonly PostgresConnections _connections;

    /// <summary>A store over <paramref name="dataSource"/>, whose database <see cref="PostgresSchema.MigrateAsync"/> has migrated.</summary>
    public PostgresCaseStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _connections = new PostgresConnections(dataSource);
    }

    public Task InsertAsync(SupportCase supportCase, CancellationToken cancellationToken) => InsertAsync(supportCase, null, cancellationToken);

    public Task InsertAsync(SupportCase supportCase, CaseLease? lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        return _connections.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO cases (id, status, received_at, updated_at, next_attempt_at, document, lease_owner, lease_until)
                VALUES (@id, @s, @r, @u, @n, @d, @owner, @until)
                """, connection);
            Bind(command, supportCase);
            command.AddText("owner", lease?.Owner);
            command.AddTime("until", lease?.Until);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task UpdateAsync(SupportCase supportCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(supportCase);
        return _connections.RunAsync(async connection =>
        {
            // The timeline and the write-back are the store's: the stored ones replace whatever the caller's copy holds.
            await using var command = new NpgsqlCommand($"""
                UPDATE cases SET status = @s, updated_at = @u, next_attempt_at = @n, {KeptLease},
                    document = @d || jsonb_build_object('timeline', {StoredTimeline}, 'helpdeskPost', {StoredPost})
                WHERE id = @id
                """, connection);
            Bind(command, supportCase);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new KeyNotFoundException($"Case {supportCase.Id} does not exist.");
            }
        }, cancellationToken);
    }

    public Task<SupportCase?> UpdateIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken) =>
        UpdateIfUnchangedAsync(expected, updated, events, null, cancellationToken);

    public Task<SupportCase?> UpdateIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, CancellationToken cancellationToken) =>
        WriteIfUnchangedAsync(expected, updated, events, post, LeaseWrite.Keep, cancellationToken);

    public Task<SupportCase?> ClaimAsync(SupportCase expected, SupportCase claimed, CaseLease lease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteIfUnchangedAsync(expected, claimed, [], null, new LeaseWrite(LeaseIsFree, "lease_owner = @owner, lease_until = @until", command =>
        {
            command.AddText("owner", lease.Owner);
            command.AddTime("until", lease.Until);
            command.AddTime("now", now);
        }), cancellationToken);
    }

    public Task<SupportCase?> FinishAsync(SupportCase claimed, SupportCase outcome, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return WriteIfUnchangedAsync(claimed, outcome, events, post, new LeaseWrite(
            "lease_owner = @owner", "lease_owner = NULL, lease_until = NULL", command => command.AddText("owner", owner)), cancellationToken);
    }

    public Task<int> RenewLeasesAsync(string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return _connections.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand($"UPDATE cases SET lease_until = @until WHERE lease_owner = @owner AND {IsUnfinished}", connection);
            command.AddText("owner", owner);
            command.AddTime("until", until);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ClaimUnfinishedAsync(CaseLease lease, DateTimeOffset now, int limit, bool includeOwn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _connections.RunAsync<IReadOnlyList<string>>(async connection =>
        {
            // SKIP LOCKED: rows another instance is claiming right now are passed over, not waited for. A row that
            // instance has claimed and committed meanwhile is re-checked against the lease condition and left alone.
            await using var command = new NpgsqlCommand($"""
                WITH next AS (
                    SELECT id FROM cases
                    WHERE {IsUnfinished} AND {(includeOwn ? LeaseIsFree : LeaseIsFreeForOthers)}
                    ORDER BY received_at, id
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                UPDATE cases SET lease_owner = @owner, lease_until = @until
                FROM next WHERE cases.id = next.id
                RETURNING cases.id, cases.received_at
                """, connection);
            command.AddText("owner", lease.Owner);
            command.AddTime("until", lease.Until);
            command.AddTime("now", now);
            command.AddInt("limit", limit);
            var claimed = new List<(string Id, DateTimeOffset ReceivedAt)>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }

            // UPDATE … RETURNING has no order of its own.
            return claimed.OrderBy(c => c.ReceivedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).ToList();
        }, cancellationToken);
    }

    /// <summary>
    /// How a conditional write treats the lease: a further condition on it, what it sets, and the parameters of both.
    /// <see cref="Keep"/>: no condition; the lease stays while the case is unfinished and is cleared otherwise.
    /// </summary>
    private sealed record LeaseWrite(string? Condition, string Set, Action<NpgsqlCommand> Bind)
    {
        public static LeaseWrite Keep { get; } = new(null, KeptLease, _ => { });
    }

    private Task<SupportCase?> WriteIfUnchangedAsync(SupportCase expected, SupportCase updated, IReadOnlyList<CaseEvent> events, HelpdeskPost? post, LeaseWrite lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(events);
        if (!string.Equals(expected.Id, updated.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Case {updated.Id} cannot replace case {expected.Id}.", nameof(updated));
        }

        return _connections.RunAsync(async connection =>
        {
            // One statement, so the case, its new events and its write-back land together or not at all.
            await using var command = new NpgsqlCommand($"""
                UPDATE cases SET status = @s, updated_at = @u, next_attempt_at = @n, {(post is null ? "" : "helpdesk_post_due_at = @postDue, ")}{lease.Set},
                    document = @d || jsonb_build_object('timeline', {StoredTimeline} || @events, 'helpdeskPost', {(post is null ? StoredPost : "@post")})
                WHERE id = @id AND status = @expectedStatus AND updated_at = @expectedUpdated{(lease.Condition is null ? "" : $" AND {lease.Condition}")}
                RETURNING document
                """, connection);
            Bind(command, updated);
            lease.Bind(command);
            if (post is not null)
            {
                BindPost(command, post);
            }

            command.AddText("expectedStatus", StatusName(expected.Status));
            command.AddTime("expectedUpdated", expected.UpdatedAt);
            command.AddJson("events", PostgresJson.Serialize(events));
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? PostgresJson.Deserialize<SupportCase>(json) : null;
        }, cancellationToken);
    }

    public Task<SupportCase?> GetAsync(string id, CancellationToken cancellationToken) =>
        _connections.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT document FROM cases WHERE id = @id", connection);
            command.AddText("id", id);
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? PostgresJson.Deserialize<SupportCase>(json) : null;
        }, cancellationToken);

    public Task<CasePage> ListAsync(int page, int pageSize, CancellationToken cancellationToken) => ListAsync(page, pageSize, CaseFilter.None, cancellationToken);

    public Task<CasePage> ListAsync(int page, int pageSize, CaseStatus? status, CancellationToken cancellationToken) =>
        ListAsync(page, pageSize, new CaseFilter { Status = status }, cancellationToken);

    public Task<CasePage> ListAsync(int page, int pageSize, CaseFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var where = WhereOf(filter);
        return _connections.RunAsync(async connection =>
        {
            int total;
            await using (var count = new NpgsqlCommand($"SELECT COUNT(*)::int FROM cases {where}", connection))
            {
                BindFilter(count, filter);
                total = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
            }

            // Only what a row shows, never the whole document: a case's trace and texts are most of it.
            await using var command = new NpgsqlCommand($$"""
                SELECT id, status, document ->> 'receivedAt', document ->> 'updatedAt', document #>> '{ticket,subject}',
                       document #>> '{facts,account,id,value}', {{DispositionOf}}, {{PriorityOf}}, {{TierOf}}, document #>> '{decision,route,queue}',
                       document #>> '{decision,sla,firstResponseDue}', document #>> '{decision,sla,resolutionDue}', {{HasAcknowledgement}}
                FROM cases {{where}}
                ORDER BY received_at DESC, id DESC
                LIMIT @limit OFFSET @offset
                """, connection);
            BindFilter(command, filter);
            command.AddInt("limit", pageSize);
            command.AddLong("offset", (long)(page - 1) * pageSize);
            var items = new List<CaseSummary>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                items.Add(new CaseSummary(
                    id,
                    NamedOrNull<CaseStatus>(reader, 1) ?? throw new InvalidDataException($"Case {id} has an unknown status."),
                    TimeOrNull(reader, 2) ?? throw new InvalidDataException($"Case {id} has no received time."),
                    TimeOrNull(reader, 3) ?? throw new InvalidDataException($"Case {id} has no update time."),
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
        }, cancellationToken);
    }

    public async IAsyncEnumerable<CaseMeasures> ReadMeasuresAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Keyset paging on (received_at, id), oldest first: each page is one short read over the received index, on a
        // connection held only for that page.
        (DateTimeOffset ReceivedAt, string Id)? after = null;
        while (true)
        {
            var last = after;
            var page = await _connections.RunAsync(connection => ReadMeasuresPageAsync(connection, from, to, last, cancellationToken), cancellationToken);
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

    private static async Task<List<(CaseMeasures Measures, DateTimeOffset ReceivedAt)>> ReadMeasuresPageAsync(
        NpgsqlConnection connection, DateTimeOffset from, DateTimeOffset to, (DateTimeOffset ReceivedAt, string Id)? after, CancellationToken cancellationToken)
    {
        // Of the trace only the [startedAt, durationMs] of the steps an evidence item cites, of the error codes only their values.
        await using var command = new NpgsqlCommand($$"""
            SELECT id, status, received_at, document ->> 'receivedAt',
                   {{DispositionOf}}, document #>> '{decision,type}', {{PriorityOf}},
                   document #>> '{decision,sla,firstResponseDue}', document #>> '{decision,sla,resolutionDue}',
                   COALESCE({{EscalatedByDecision}}, false),
                   {{StoredTimeline}},
                   (SELECT COALESCE(jsonb_agg(jsonb_build_array(step -> 'startedAt', step -> 'durationMs')), '[]'::jsonb)
                      FROM jsonb_array_elements(COALESCE(document -> 'trace', '[]'::jsonb)) AS t(step)
                     WHERE step ->> 'id' IN (SELECT evidence ->> 'traceStepId'
                                               FROM jsonb_array_elements(COALESCE(document #> '{investigation,evidence}', '[]'::jsonb)) AS e(evidence))),
                   document #>> '{facts,problemStatement,value}',
                   ARRAY(SELECT code ->> 'value' FROM jsonb_array_elements(COALESCE(document #> '{facts,errorCodes}', '[]'::jsonb)) AS c(code))
            FROM cases
            WHERE received_at >= @from AND received_at <= @to{{(after is null ? "" : " AND (received_at, id) > (@afterReceived, @afterId)")}}
            ORDER BY received_at, id
            LIMIT @limit
            """, connection);
        command.AddTime("from", from);
        command.AddTime("to", to);
        command.AddInt("limit", MeasuresPerPage);
        if (after is { } last)
        {
            command.AddTime("afterReceived", last.ReceivedAt);
            command.AddText("afterId", last.Id);
        }

        var page = new List<(CaseMeasures, DateTimeOffset)>(MeasuresPerPage);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add((ReadMeasures(reader), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return page;
    }

    private static CaseMeasures ReadMeasures(NpgsqlDataReader reader)
    {
        var id = reader.GetString(0);
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
            TimeOrNull(reader, 3) ?? throw new InvalidDataException($"Case {id} has no received time."),
            NamedOrNull<Disposition>(reader, 4),
            NamedOrNull<CaseType>(reader, 5),
            NamedOrNull<Priority>(reader, 6),
            TimeOrNull(reader, 7),
            TimeOrNull(reader, 8),
            reader.GetBoolean(9),
            PostgresJson.Deserialize<List<CaseEvent>>(reader.GetString(10)),
            firstEvidence,
            reader.IsDBNull(12) ? null : reader.GetString(12),
            reader.GetFieldValue<string?[]>(13).OfType<string>().ToList());
    }

    /// <summary>The WHERE clause of a case list, with a parameter for each part of the filter that is set.</summary>
    private static string WhereOf(CaseFilter filter)
    {
        var conditions = new List<string>();
        if (filter.Status is not null) conditions.Add("status = @status");
        if (filter.Disposition is not null) conditions.Add($"{DispositionOf} = @disposition");
        if (filter.Priority is not null) conditions.Add($"{PriorityOf} = @priority");
        if (filter.Tier is not null) conditions.Add($"{TierOf} = @tier");
        if (filter.DueBy is not null)
        {
            // A missing due time is NULL and never matches.
            conditions.Add($"{IsOpen} AND (({FirstResponseDueOf} <= @dueBy AND NOT {HasAcknowledgement}) OR {ResolutionDueOf} <= @dueBy)");
        }

        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions.Select(c => $"({c})"));
    }

    private static void BindFilter(NpgsqlCommand command, CaseFilter filter)
    {
        if (filter.Status is { } status) command.AddText("status", StatusName(status));
        if (filter.Disposition is { } disposition) command.AddText("disposition", ContractNames.Of(disposition));
        if (filter.Priority is { } priority) command.AddText("priority", ContractNames.Of(priority));
        if (filter.Tier is { } tier) command.AddText("tier", ContractNames.Of(tier));
        if (filter.DueBy is { } dueBy) command.AddTime("dueBy", dueBy);
    }

    public Task<IReadOnlyList<SuggestedArticle>> ListSuggestedArticlesAsync(CancellationToken cancellationToken) =>
        _connections.RunAsync<IReadOnlyList<SuggestedArticle>>(async connection =>
        {
            await using var command = new NpgsqlCommand($$"""
                SELECT id, document #> '{resolution,suggestedArticle}', COALESCE({{EscalatedByDecision}}, false)
                FROM cases
                WHERE {{HasSuggestedArticle}}
                """, connection);
            var articles = new List<SuggestedArticle>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                articles.Add(new SuggestedArticle(reader.GetString(0), PostgresJson.Deserialize<KnowledgeSuggestion>(reader.GetString(1)), reader.GetBoolean(2)));
            }

            return articles;
        }, cancellationToken);

    public async Task<SupportCase?> AppendEventsAsync(string id, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return await GetAsync(id, cancellationToken);
        }

        return await _connections.RunAsync(async connection =>
        {
            // One statement: the events go after whatever the stored timeline holds at that moment.
            await using var command = new NpgsqlCommand($$"""
                UPDATE cases SET document = jsonb_set(document, '{timeline}', {{StoredTimeline}} || @events) WHERE id = @id RETURNING document
                """, connection);
            command.AddText("id", id);
            command.AddJson("events", PostgresJson.Serialize(events));
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? PostgresJson.Deserialize<SupportCase>(json) : null;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<SupportCase>> ListOpenAsync(CancellationToken cancellationToken) =>
        _connections.RunAsync<IReadOnlyList<SupportCase>>(async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT document FROM cases WHERE {IsOpen} ORDER BY received_at, id", connection);
            var cases = new List<SupportCase>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cases.Add(PostgresJson.Deserialize<SupportCase>(reader.GetString(0)));
            }

            return cases;
        }, cancellationToken);

    public Task<SlaBreachPage> ListBreachesAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        // The containment test picks the cases through their partial index; the lateral join then reads their events.
        const string breaches = $"""
            FROM cases CROSS JOIN LATERAL jsonb_array_elements(cases.document -> 'timeline') WITH ORDINALITY AS e(event, position)
            WHERE {HasSlaBreach} AND e.event ->> 'kind' = 'slaBreached'
            """;
        return _connections.RunAsync(async connection =>
        {
            int total;
            await using (var count = new NpgsqlCommand($"SELECT COUNT(*)::int {breaches}", connection))
            {
                total = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
            }

            await using var command = new NpgsqlCommand(
                $"SELECT cases.document, e.event {breaches} ORDER BY (e.event ->> 'at')::timestamptz DESC, cases.id, e.position LIMIT @limit OFFSET @offset", connection);
            command.AddInt("limit", pageSize);
            command.AddLong("offset", (long)(page - 1) * pageSize);
            var items = new List<SlaBreach>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var c = PostgresJson.Deserialize<SupportCase>(reader.GetString(0));
                var breach = PostgresJson.Deserialize<CaseEvent>(reader.GetString(1));
                items.Add(new SlaBreach(c.Id, c.Decision?.Priority, breach.Breach ?? throw new InvalidDataException($"Case {c.Id} has a breach event that names no target."),
                    breach.Due, breach.At, SlaWatch.CurrentTier(c)));
            }

            return new SlaBreachPage(items, page, pageSize, total);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        ListIdsAsync($"SELECT id FROM cases WHERE {IsUnfinished} ORDER BY received_at, id", null, cancellationToken);

    public Task<IReadOnlyList<string>> ListDueForRetryAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ListIdsAsync("SELECT id FROM cases WHERE status = 'failed' AND next_attempt_at <= @now ORDER BY next_attempt_at, id", now, cancellationToken);

    public Task<IReadOnlyList<string>> ListHelpdeskPostsDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ListIdsAsync("SELECT id FROM cases WHERE helpdesk_post_due_at IS NOT NULL AND helpdesk_post_due_at <= @now ORDER BY helpdesk_post_due_at, id", now, cancellationToken);

    /// <summary>The ids a query selects, in its order; <paramref name="now"/> binds <c>@now</c> when given.</summary>
    private Task<IReadOnlyList<string>> ListIdsAsync(string query, DateTimeOffset? now, CancellationToken cancellationToken) =>
        _connections.RunAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = new NpgsqlCommand(query, connection);
            if (now is { } at)
            {
                command.AddTime("now", at);
            }

            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken);

    public Task<SupportCase?> ClaimHelpdeskPostAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        _connections.RunAsync(async connection =>
        {
            // One statement: of two posters, one moves the due time past now and gets the case, the other gets nothing.
            await using var command = new NpgsqlCommand("""
                UPDATE cases SET helpdesk_post_due_at = @lease, document = jsonb_set(document, '{helpdeskPost,dueAt}', @leaseJson)
                WHERE id = @id AND helpdesk_post_due_at IS NOT NULL AND helpdesk_post_due_at <= @now
                RETURNING document
                """, connection);
            command.AddText("id", id);
            command.AddTime("now", now);
            command.AddTime("lease", leaseUntil);
            command.AddJson("leaseJson", PostgresJson.Serialize(leaseUntil));
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? PostgresJson.Deserialize<SupportCase>(json) : null;
        }, cancellationToken);

    public Task<SupportCase?> RecordHelpdeskPostAsync(string id, DateTimeOffset claimedUntil, HelpdeskPost post, IReadOnlyList<CaseEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(events);
        return _connections.RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand($"""
                UPDATE cases SET helpdesk_post_due_at = @postDue,
                    document = document || jsonb_build_object('helpdeskPost', @post, 'timeline', {StoredTimeline} || @events)
                WHERE id = @id AND helpdesk_post_due_at = @claimedUntil
                RETURNING document
                """, connection);
            command.AddText("id", id);
            command.AddTime("claimedUntil", claimedUntil);
            BindPost(command, post);
            command.AddJson("events", PostgresJson.Serialize(events));
            return await command.ExecuteScalarAsync(cancellationToken) is string json ? PostgresJson.Deserialize<SupportCase>(json) : null;
        }, cancellationToken);
    }

    public Task<CaseQueueDepth> CountQueueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _connections.RunAsync(async connection =>
        {
            // A failed case without a next attempt (failed before retries existed) waits for a person, like a parked one,
            // but is not counted as parked: its status says what happened to it.
            await using var command = new NpgsqlCommand("""
                SELECT COUNT(*) FILTER (WHERE status = 'queued')::int,
                       COUNT(*) FILTER (WHERE status = 'investigating')::int,
                       COUNT(*) FILTER (WHERE status = 'failed' AND next_attempt_at <= @now)::int,
                       COUNT(*) FILTER (WHERE status = 'failed' AND next_attempt_at > @now)::int,
                       COUNT(*) FILTER (WHERE status = 'parked')::int
                FROM cases WHERE status IN ('queued', 'investigating', 'failed', 'parked')
                """, connection);
            command.AddTime("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new CaseQueueDepth(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
        }, cancellationToken);

    private static void Bind(NpgsqlCommand command, SupportCase c)
    {
        command.AddText("id", c.Id);
        command.AddText("s", StatusName(c.Status));
        command.AddTime("r", c.ReceivedAt);
        command.AddTime("u", c.UpdatedAt);
        // Only a failed case has a next attempt: the column must never make another case look due.
        command.AddTime("n", c is { Status: CaseStatus.Failed, NextAttemptAt: { } next } ? next : null);
        command.AddJson("d", PostgresJson.Serialize(c));
    }

    /// <summary>The post as the document holds it, and its due time in the column only while it is pending.</summary>
    private static void BindPost(NpgsqlCommand command, HelpdeskPost post)
    {
        command.AddJson("post", PostgresJson.Serialize(post));
        command.AddTime("postDue", post is { Status: HelpdeskPostStatus.Pending, DueAt: { } due } ? due : null);
    }

    /// <summary>The status as the column and the JSON contract write it (<c>parked</c>).</summary>
    private static string StatusName(CaseStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private static T? NamedOrNull<T>(NpgsqlDataReader reader, int ordinal) where T : struct, Enum =>
        !reader.IsDBNull(ordinal) && ContractNames.TryParse<T>(reader.GetString(ordinal), out var value) ? value : null;

    /// <summary>A time as the document wrote it (its offset kept).</summary>
    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
