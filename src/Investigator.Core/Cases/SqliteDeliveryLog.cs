using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Investigator.Core.Cases;

/// <summary>
/// Webhook deliveries in SQLite, in tables of their own beside the cases (the same database file as
/// <see cref="SqliteCaseStore"/>). Uniqueness is the database's: a primary key on (source, delivery id) and a unique
/// index on (source, ticket, revision), so a claim is one <c>INSERT … ON CONFLICT DO NOTHING</c> and two identical
/// deliveries racing each other, in one process or several, get one claim between them.
/// </summary>
public sealed class SqliteDeliveryLog : IDeliveryLog
{
    /// <summary>How long a claim is held before another caller may take it over: far longer than a delivery's work.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(1);

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;

    public SqliteDeliveryLog(string databasePath, TimeProvider? time = null, TimeSpan? lease = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        _time = time ?? TimeProvider.System;
        _lease = lease ?? DefaultLease;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS webhook_deliveries (
                source TEXT NOT NULL,
                delivery_id TEXT NOT NULL,
                external_id TEXT NOT NULL,
                revision TEXT,
                event TEXT NOT NULL,
                claim_token TEXT NOT NULL UNIQUE,
                claimed_at TEXT NOT NULL,
                completed_at TEXT,
                case_id TEXT,
                PRIMARY KEY (source, delivery_id));
            CREATE UNIQUE INDEX IF NOT EXISTS webhook_deliveries_revision
                ON webhook_deliveries (source, external_id, revision) WHERE revision IS NOT NULL;
            CREATE TABLE IF NOT EXISTS webhook_tickets (
                source TEXT NOT NULL,
                external_id TEXT NOT NULL,
                case_id TEXT NOT NULL,
                linked_at TEXT NOT NULL,
                PRIMARY KEY (source, external_id));
            """;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Opens the log for the one process that uses it and releases every claim not completed: they belong to a
    /// process that stopped (or was killed) mid-delivery. Not for a database several processes share.
    /// </summary>
    public static SqliteDeliveryLog OpenReleasingUnfinished(string databasePath, TimeProvider? time = null)
    {
        var log = new SqliteDeliveryLog(databasePath, time);
        using var connection = log.Open();
        using var release = connection.CreateCommand();
        release.CommandText = "DELETE FROM webhook_deliveries WHERE completed_at IS NULL";
        release.ExecuteNonQuery();
        return log;
    }

    public async Task<DeliveryClaim> ClaimAsync(DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = Open();
        // A few rounds at most: the row that blocked the insert can be released (deleted) or taken over between statements.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var token = NewToken();
            // Immediate: the claim and the ticket's case id are one write, taken before either is read.
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                // No conflict target: DO NOTHING covers both the delivery id key and the revision index.
                insert.CommandText = """
                    INSERT INTO webhook_deliveries (source, delivery_id, external_id, revision, event, claim_token, claimed_at)
                    VALUES ($source, $delivery, $external, $revision, $event, $token, $now)
                    ON CONFLICT DO NOTHING
                    """;
                BindKey(insert, delivery);
                insert.Parameters.AddWithValue("$event", delivery.Event);
                insert.Parameters.AddWithValue("$token", token);
                insert.Parameters.AddWithValue("$now", Stamp(_time.GetUtcNow()));
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return await ClaimedAsync(transaction, delivery, token, cancellationToken);
                }
            }

            var existing = await FindAsync(connection, transaction, delivery, cancellationToken);
            if (existing is null)
            {
                continue;
            }

            if (existing.CompletedAt is not null)
            {
                return new DeliveryClaim(DeliveryClaimOutcome.Duplicate, CaseId: existing.CaseId);
            }

            if (existing.ClaimedAt + _lease > _time.GetUtcNow())
            {
                return new DeliveryClaim(DeliveryClaimOutcome.InProgress);
            }

            // The holder never finished (it crashed, or gave up): take the claim over, unless someone else just did.
            await using var takeOver = connection.CreateCommand();
            takeOver.Transaction = transaction;
            takeOver.CommandText = """
                UPDATE webhook_deliveries SET claim_token = $token, claimed_at = $now
                WHERE claim_token = $stale AND completed_at IS NULL
                """;
            takeOver.Parameters.AddWithValue("$token", token);
            takeOver.Parameters.AddWithValue("$now", Stamp(_time.GetUtcNow()));
            takeOver.Parameters.AddWithValue("$stale", existing.Token);
            if (await takeOver.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return await ClaimedAsync(transaction, delivery, token, cancellationToken);
            }
        }

        return new DeliveryClaim(DeliveryClaimOutcome.InProgress);
    }

    /// <summary>Reserves the ticket's case id when the delivery proposes one, and commits the claim with it.</summary>
    private async Task<DeliveryClaim> ClaimedAsync(SqliteTransaction transaction, DeliveryRecord delivery, string token, CancellationToken cancellationToken)
    {
        string? ticketCaseId = null;
        if (delivery.ProposedCaseId is { } proposed)
        {
            await using var reserve = transaction.Connection!.CreateCommand();
            reserve.Transaction = transaction;
            // The first reservation for a ticket is its case id; a later one gets that id back.
            reserve.CommandText = """
                INSERT INTO webhook_tickets (source, external_id, case_id, linked_at) VALUES ($source, $external, $case, $now)
                ON CONFLICT (source, external_id) DO UPDATE SET case_id = case_id
                RETURNING case_id
                """;
            reserve.Parameters.AddWithValue("$source", delivery.Source);
            reserve.Parameters.AddWithValue("$external", delivery.ExternalId);
            reserve.Parameters.AddWithValue("$case", proposed);
            reserve.Parameters.AddWithValue("$now", Stamp(_time.GetUtcNow()));
            ticketCaseId = (string?)await reserve.ExecuteScalarAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new DeliveryClaim(DeliveryClaimOutcome.Claimed, token) { TicketCaseId = ticketCaseId };
    }

    public async Task<bool> CompleteAsync(DeliveryClaim claim, string? caseId, CancellationToken cancellationToken)
    {
        var token = HeldToken(claim);
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var now = Stamp(_time.GetUtcNow());
        string source, externalId;
        await using (var complete = connection.CreateCommand())
        {
            complete.Transaction = transaction;
            complete.CommandText = """
                UPDATE webhook_deliveries SET completed_at = $now, case_id = $case
                WHERE claim_token = $token AND completed_at IS NULL
                RETURNING source, external_id
                """;
            complete.Parameters.AddWithValue("$now", now);
            complete.Parameters.AddWithValue("$case", (object?)caseId ?? DBNull.Value);
            complete.Parameters.AddWithValue("$token", token);
            await using var reader = await complete.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            (source, externalId) = (reader.GetString(0), reader.GetString(1));
        }

        if (caseId is not null)
        {
            await using var link = connection.CreateCommand();
            link.Transaction = transaction;
            link.CommandText = """
                INSERT INTO webhook_tickets (source, external_id, case_id, linked_at) VALUES ($source, $external, $case, $now)
                ON CONFLICT (source, external_id) DO UPDATE SET case_id = excluded.case_id, linked_at = excluded.linked_at
                WHERE case_id <> excluded.case_id
                """;
            link.Parameters.AddWithValue("$source", source);
            link.Parameters.AddWithValue("$external", externalId);
            link.Parameters.AddWithValue("$case", caseId);
            link.Parameters.AddWithValue("$now", now);
            await link.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task ReleaseAsync(DeliveryClaim claim, CancellationToken cancellationToken)
    {
        var token = HeldToken(claim);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM webhook_deliveries WHERE claim_token = $token AND completed_at IS NULL";
        command.Parameters.AddWithValue("$token", token);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> FindCaseAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id FROM webhook_tickets WHERE source = $source AND external_id = $external";
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$external", externalId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private sealed record StoredDelivery(string Token, DateTimeOffset ClaimedAt, DateTimeOffset? CompletedAt, string? CaseId);

    /// <summary>The recorded delivery that blocks this one: the same delivery id first, else the same ticket revision.</summary>
    private static async Task<StoredDelivery?> FindAsync(SqliteConnection connection, SqliteTransaction transaction, DeliveryRecord delivery, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT claim_token, claimed_at, completed_at, case_id FROM webhook_deliveries
            WHERE source = $source AND (delivery_id = $delivery OR (external_id = $external AND revision = $revision))
            ORDER BY delivery_id = $delivery DESC
            LIMIT 1
            """;
        BindKey(command, delivery);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredDelivery(
            reader.GetString(0),
            Parse(reader.GetString(1)),
            reader.IsDBNull(2) ? null : Parse(reader.GetString(2)),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    private static void BindKey(SqliteCommand command, DeliveryRecord delivery)
    {
        command.Parameters.AddWithValue("$source", delivery.Source);
        command.Parameters.AddWithValue("$delivery", delivery.DeliveryId);
        command.Parameters.AddWithValue("$external", delivery.ExternalId);
        command.Parameters.AddWithValue("$revision", (object?)delivery.Revision ?? DBNull.Value);
    }

    private static string HeldToken(DeliveryClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim is { Outcome: DeliveryClaimOutcome.Claimed, Token: { } token }
            ? token
            : throw new ArgumentException($"Only a held claim can be completed or released; this one is {claim.Outcome}.", nameof(claim));
    }

    private static string NewToken() => Guid.NewGuid().ToString("N");

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string stamp) => DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

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
}
