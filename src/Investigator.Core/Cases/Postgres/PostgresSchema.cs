using Npgsql;

namespace Investigator.Core.Cases.Postgres;

/// <summary>
/// The PostgreSQL schema as an ordered list of migrations, each applied once and recorded in
/// <c>schema_migrations</c>. A migration, once released, never changes: a new table, column or index is a new one
/// at the end of the list.
/// </summary>
public static class PostgresSchema
{
    /// <summary>One step of the schema: its version (ascending, never reused), a name for people, and its SQL.</summary>
    public sealed record Migration(int Version, string Name, string Sql);

    // pg_advisory_xact_lock's key for migrating: "Investig" in ASCII, so that it is recognisable in pg_locks.
    private const long MigrationLockKey = 0x496E_7665_7374_6967;

    /// <summary>Every migration this build knows, in order.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "cases, webhook deliveries and tickets", """
            CREATE TABLE cases (
                id text PRIMARY KEY,
                status text NOT NULL,
                received_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                document jsonb NOT NULL,
                next_attempt_at timestamptz,
                helpdesk_post_due_at timestamptz,
                lease_owner text,
                lease_until timestamptz);

            -- The case list, newest first, whole or by status (the status index serves a status alone, too).
            CREATE INDEX cases_received ON cases (received_at DESC, id DESC);
            CREATE INDEX cases_status_received ON cases (status, received_at DESC, id DESC);
            -- The work an instance looks for: unfinished cases oldest first, retries and write-backs due, its own leases.
            CREATE INDEX cases_unfinished ON cases (received_at, id) WHERE status IN ('queued', 'investigating');
            CREATE INDEX cases_retry_due ON cases (next_attempt_at) WHERE status = 'failed';
            CREATE INDEX cases_post_due ON cases (helpdesk_post_due_at) WHERE helpdesk_post_due_at IS NOT NULL;
            CREATE INDEX cases_lease_owner ON cases (lease_owner) WHERE lease_owner IS NOT NULL;
            -- The case list's filters on the decision; the queries say the same expressions.
            CREATE INDEX cases_disposition ON cases ((document #>> '{decision,disposition}'), received_at DESC, id DESC);
            CREATE INDEX cases_priority ON cases ((document #>> '{decision,priority}'), received_at DESC, id DESC);
            CREATE INDEX cases_tier ON cases ((document #>> '{decision,route,tier}'), received_at DESC, id DESC);
            -- The few cases that hold a suggested article or a recorded SLA breach; the queries say the same predicates.
            CREATE INDEX cases_suggested_article ON cases (id) WHERE jsonb_typeof(document #> '{resolution,suggestedArticle}') = 'object';
            CREATE INDEX cases_sla_breached ON cases (id) WHERE document -> 'timeline' @> '[{"kind": "slaBreached"}]';

            CREATE TABLE webhook_deliveries (
                source text NOT NULL,
                delivery_id text NOT NULL,
                external_id text NOT NULL,
                revision text,
                event text NOT NULL,
                claim_token text NOT NULL UNIQUE,
                claimed_at timestamptz NOT NULL,
                completed_at timestamptz,
                case_id text,
                PRIMARY KEY (source, delivery_id));
            CREATE UNIQUE INDEX webhook_deliveries_revision ON webhook_deliveries (source, external_id, revision) WHERE revision IS NOT NULL;

            CREATE TABLE webhook_tickets (
                source text NOT NULL,
                external_id text NOT NULL,
                case_id text NOT NULL,
                linked_at timestamptz NOT NULL,
                PRIMARY KEY (source, external_id));
            """),
    ];

    /// <summary>The schema version this build writes and reads.</summary>
    public static int CurrentVersion => Migrations[^1].Version;

    /// <summary>
    /// Applies the migrations the database lacks, in one transaction under an advisory lock, so that instances starting
    /// together wait for each other instead of racing: the first applies them, the others find them applied. Throws
    /// when the database was migrated by a newer build than this one (it cannot know what that schema means).
    /// </summary>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await new PostgresConnections(dataSource).RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var prepare = new NpgsqlCommand("""
                SELECT pg_advisory_xact_lock(@key);
                CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);
                """, connection, transaction))
            {
                prepare.AddLong("key", MigrationLockKey);
                await prepare.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            if (applied.Count > 0 && applied.Max() > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL database's schema is at version {applied.Max()}, newer than this build of the service knows (version {CurrentVersion}). " +
                    "Run a build at least as new as the one that migrated it.");
            }

            foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var apply = new NpgsqlCommand(migration.Sql, connection, transaction);
                await apply.ExecuteNonQueryAsync(cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, now())", connection, transaction);
                record.AddInt("version", migration.Version);
                record.AddText("name", migration.Name);
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }
}
